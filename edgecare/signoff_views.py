"""The one set of submit / sign-off / return pages, for every record that derives from
edgecare.signoff.SignOffRecord (assessments, closures).

An app describes its record once, as `SignOffPages` (how to load it through the one scoped
loader, what the pages say, the effect its service adds to a sign-off), and routes its three
URLs to the `submit`, `sign_off` and `return_for_changes` views `views()` gives. The views call the
record's own transitions (edgecare.signoff). This module imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

# (request, case_pk, pk) -> the loaded record (families.selectors.Loaded)
Loader = Callable[[HttpRequest, int, int], Any]


def _anchor(url: str, anchor: str) -> str:
    return f"{url}#{anchor}" if anchor else url


@dataclass(frozen=True)
class SignOffPages:
    """What one kind of record needs for the three workflow pages."""

    load: Loader
    # (record) -> why a record not open for changes cannot be submitted, for the redirect.
    refused: Callable[[Any], str]
    # (data) -> the bound form with the manager's "what needs to change", and its field.
    return_form: Callable[[Any], Any]
    return_field: str
    # (request, loaded, refused return form) -> the record's page again, with the error.
    reshow: Callable[[HttpRequest, Any, Any], HttpResponse]
    submitted: str
    signed_off: str
    returned: str
    not_signer: str
    # The record's own cross-model effect of a sign-off, from its app's services (a closure
    # closes the case); run inside the transition's transaction.
    sign_off_effects: Callable[[Any], None] | None = None

    def submit(self, request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
        loaded = self.load(request, case_pk, pk)
        record = loaded.record
        if not request.user.has_perm("families.change_case", loaded.case):
            raise PermissionDenied("You cannot change this case record.")
        if not record.is_editable:
            messages.error(request, self.refused(record))
            return redirect(record.get_absolute_url())
        try:
            record.submit(by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(_anchor(record.get_absolute_url(), "submit"))
        messages.success(request, self.submitted)
        return redirect(record.get_absolute_url())

    def _require_signer(self, loaded) -> None:
        if not loaded.can_sign_off:
            raise PermissionDenied(self.not_signer)

    def sign_off(self, request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
        loaded = self.load(request, case_pk, pk)
        self._require_signer(loaded)
        record = loaded.record
        comments = (request.POST.get("comments") or "").strip()
        try:
            record.sign_off(by=request.user, comments=comments, effects=self.sign_off_effects)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(record.get_absolute_url())
        messages.success(request, self.signed_off)
        return redirect(record.get_absolute_url())

    def return_for_changes(self, request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
        loaded = self.load(request, case_pk, pk)
        self._require_signer(loaded)
        record = loaded.record
        form = self.return_form(request.POST)
        if not form.is_valid():
            # Nothing typed: the record again with the message on the form, nothing changed.
            loaded.log(request)
            return self.reshow(request, loaded, form)
        try:
            record.return_for_changes(
                by=request.user, comments=form.cleaned_data[self.return_field]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.returned)
        return redirect(record.get_absolute_url())

    def views(self) -> tuple[Callable[..., HttpResponse], ...]:
        """The submit, sign-off and return views, POST only, for the app's URLs."""
        return (
            require_POST(self.submit),
            require_POST(self.sign_off),
            require_POST(self.return_for_changes),
        )
