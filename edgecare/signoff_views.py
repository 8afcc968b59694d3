"""The one set of check-answers / submit / sign-off / return pages, for every record that
derives from edgecare.signoff.SignOffRecord (assessments, closures).

An app describes its record once, as `SignOffPages` (how to load it through the one scoped
loader, its answers section by section, what the pages say, the effect its service adds to a
sign-off), and routes its four URLs to the `check_answers`, `submit`, `sign_off` and
`return_for_changes` views `views()` gives. The views call the record's own transitions
(edgecare.signoff). This module imports no app.

The check-answers page (GOV.UK "check answers" pattern) comes before both decisions: the worker
reads every section, with a link to change each, before submitting; the manager reads them
before signing off, with a link beside each to ask for a change to that section (it starts the
"what needs to change" text with the section's name). Submitting, signing off and returning
are only offered there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from edgecare.forms import SignOffForm, form_status

# (request, case_pk, pk) -> the loaded record (families.selectors.Loaded)
Loader = Callable[[HttpRequest, int, int], Any]


@dataclass(frozen=True)
class Answer:
    """One question and its answer, as the record shows it (plain text; line breaks kept)."""

    question: str
    answer: str


@dataclass(frozen=True)
class AnswerSection:
    """One section of a record on its check-answers page: its answers, the page its author
    changes it on (None: changed elsewhere, or not by a form) and its place on the record."""

    key: str
    title: str
    answers: list[Answer]
    change_url: str | None = None


NOT_ANSWERED = "Not answered yet"


@dataclass(frozen=True)
class SignOffPages:
    """What one kind of record needs for the three workflow pages."""

    load: Loader
    # (record) -> why a record not open for changes cannot be submitted, for the redirect.
    refused: Callable[[Any], str]
    # (data) -> the bound form with the manager's "what needs to change", and its field.
    return_form: Callable[[Any], Any]
    return_field: str
    # (loaded) -> the record's answers, section by section, for the check-answers page.
    answers: Callable[[Any], list[AnswerSection]]
    # The URL names of the four pages, each taking (case_pk, pk): check answers, submit, sign
    # off, return.
    url_names: tuple[str, str, str, str]
    sign_off_button: str
    submitted: str
    signed_off: str
    returned: str
    not_signer: str
    # The record's own cross-model effect of a sign-off, from its app's services (a closure
    # closes the case); run inside the transition's transaction.
    sign_off_effects: Callable[[Any], None] | None = None
    # (record) -> what signing off does beyond the record, said before the manager decides.
    sign_off_note: Callable[[Any], str] | None = None

    def urls(self, record) -> dict[str, str]:
        args = [record.case_id, record.pk]
        steps = ("check", "submit", "sign_off", "return")
        return {
            step: reverse(name, args=args) for step, name in zip(steps, self.url_names, strict=True)
        }

    def check_answers(self, request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
        loaded = self.load(request, case_pk, pk)
        form = self.return_form(None)
        asked = request.GET.get("change", "")
        sections = self.answers(loaded)
        section = next((s for s in sections if s.key == asked), None)
        if section is not None:
            form.initial[self.return_field] = f"{section.title}: "
        return self._check_page(request, loaded, sections, form)

    def _sign_off_form(self, record, data=None) -> SignOffForm:
        form = SignOffForm(data, record=record, submit=self.sign_off_button)
        form.helper.form_action = self.urls(record)["sign_off"]
        return form

    def _check_page(
        self, request, loaded, sections, return_form, status=None, sign_off_form=None
    ) -> HttpResponse:
        record = loaded.record
        may_submit = record.is_editable and request.user.has_perm(
            "families.change_case", loaded.case
        )
        may_sign = record.is_submitted and loaded.can_sign_off
        context = {
            "case": loaded.case,
            "record": record,
            "record_name": record.record_name,
            "sections": sections,
            "may_submit": may_submit,
            "may_sign": may_sign,
            "problems": record.sign_off_problems() if may_submit or may_sign else [],
            "return_form": return_form,
            "return_field": return_form[self.return_field],
            "sign_off_form": sign_off_form or self._sign_off_form(record),
            "sign_off_note": self.sign_off_note(record) if self.sign_off_note else "",
            "urls": self.urls(record),
        }
        return render(
            request,
            "includes/check_answers.html",
            context,
            status=status or form_status(*(f for f in (return_form, sign_off_form) if f)),
        )

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
            return redirect(self.urls(record)["check"])
        messages.success(request, self.submitted)
        return redirect(record.get_absolute_url())

    def _require_signer(self, loaded) -> None:
        if not loaded.can_sign_off:
            raise PermissionDenied(self.not_signer)

    def sign_off(self, request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
        loaded = self.load(request, case_pk, pk)
        self._require_signer(loaded)
        record = loaded.record
        form = self._sign_off_form(record, request.POST)
        if not form.is_valid():
            # An impossible date: the page again with the message on the form, what was typed
            # kept, and nothing signed off.
            loaded.log(request)
            return self._check_page(
                request, loaded, self.answers(loaded), self.return_form(None), sign_off_form=form
            )
        try:
            record.sign_off(
                by=request.user,
                comments=form.cleaned_data["comments"].strip(),
                on=form.cleaned_data["signed_off_on"],
                effects=self.sign_off_effects,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.urls(record)["check"])
        messages.success(request, self.signed_off)
        return redirect(record.get_absolute_url())

    def return_for_changes(self, request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
        loaded = self.load(request, case_pk, pk)
        self._require_signer(loaded)
        record = loaded.record
        form = self.return_form(request.POST)
        if not form.is_valid():
            # Nothing typed: the check-answers page again with the message on the form, and
            # nothing changed.
            loaded.log(request)
            return self._check_page(request, loaded, self.answers(loaded), form)
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
        """The check-answers view (GET), and the submit, sign-off and return views (POST
        only), for the app's URLs."""
        return (
            require_GET(self.check_answers),
            require_POST(self.submit),
            require_POST(self.sign_off),
            require_POST(self.return_for_changes),
        )
