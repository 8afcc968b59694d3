"""What the journey's records (assessments, plans, reviews and closures) declare the same way:
who did something to a record and which version it is, the day something on it happened, how
a record's pages are addressed, and the pages that load one record and draw it.

This module sits on the floor, so it imports no app: the views it builds are given their app's
scoped loader (`families.selectors.record_for_user_or_404` underneath), and the record's
workflow pages come from `edgecare.signoff_views.SignOffPages`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from edgecare.forms import DateInput
from edgecare.section_page import section_page
from edgecare.signoff_views import SignOffPages

# Fields ------------------------------------------------------------------------------------


def optional_link(to, **extra) -> models.ForeignKey:
    """A link a record may not have (the need a goal came from, the plan a closure ends, an
    action's owner): empty is allowed, and what it points to can never be deleted under it,
    as every link between case records."""
    return models.ForeignKey(to, on_delete=models.PROTECT, null=True, blank=True, **extra)


def staff_link(**extra) -> models.ForeignKey:
    """Who moved a record on (submitted, signed off, completed, recorded the agreement): set by
    the record's own transition, never typed in a form, empty until it happens, and no reverse
    accessor on the user (a member of staff touches thousands of records)."""
    return optional_link(settings.AUTH_USER_MODEL, editable=False, related_name="+", **extra)


def version_number() -> models.PositiveSmallIntegerField:
    """A versioned record's number: 1 for the first, one more for each correction or revision."""
    return models.PositiveSmallIntegerField(default=1, editable=False)


def previous_version_link() -> models.ForeignKey:
    """The version a correction or revision was copied from (empty for the first): kept, never
    overwritten, so what an earlier version said stays readable."""
    return optional_link("self", editable=False, related_name="next_versions")


def record_date_field(label: str, *, what: str, example: str = "", **extra) -> forms.DateField:
    """The day something on a record happened, typed in the one date input; its errors name
    `what` ("the date of the review"), with an `example` day if the page shows one."""
    for_example = f", for example {example}" if example else ""
    return forms.DateField(
        label=label,
        widget=DateInput,
        error_messages={
            "required": f"Enter {what}.",
            "invalid": f"Enter {what} as a real date{for_example}.",
        },
        **extra,
    )


# Writes ------------------------------------------------------------------------------------


class _Case(Protocol):
    @property
    def is_closed(self) -> bool: ...


def require_open_case(case: _Case) -> None:
    """A service that adds to a case's record refuses a closed case: its record is read-only
    (until a manager re-opens it)."""
    if case.is_closed:
        raise ValidationError("This case is closed: its record can no longer be added to.")


# Addresses ---------------------------------------------------------------------------------

# (request, case_pk, pk) -> the loaded record (families.selectors.Loaded)
Loader = Callable[[HttpRequest, int, int], Any]
View = Callable[..., HttpResponse]

# The addresses of the four workflow pages below a record's own, in SignOffPages' order.
SIGN_OFF_SUFFIXES = ("check-answers/", "submit/", "sign-off/", "return/")


def sign_off_paths(pages: SignOffPages) -> list[URLPattern]:
    """The check-answers, submit, sign-off and return pages of a record signed off through
    `pages`, under the URL names `pages.url_names` gives them (the names its pages reverse), to
    be included below the record's own address: `path(prefix, include(sign_off_paths(...)))`."""
    return [
        path(suffix, view, name=url_name.rpartition(":")[2])
        for suffix, view, url_name in zip(
            SIGN_OFF_SUFFIXES, pages.views(), pages.url_names, strict=True
        )
    ]


def record_url(record, anchor: str = "") -> str:
    """A record's own page, at the section `anchor` when given (where a section's page goes
    back to)."""
    url = record.get_absolute_url()
    return f"{url}#{anchor}" if anchor else url


# Pages -------------------------------------------------------------------------------------


def record_page(load: Loader, draw: Callable[[HttpRequest, Any], HttpResponse]) -> View:
    """A GET-and-POST page of one record: loaded through its app's scoped loader (out of
    scope: 404, the GET logged), then drawn by `draw(request, loaded)` (usually one section's
    edit page)."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
        return draw(request, load(request, case_pk, pk))

    return view


def refuse_unless_open(request: HttpRequest, loaded, *, refused: str) -> HttpResponse | None:
    """Before a page that changes a record outside its section pages (completing a review,
    withdrawing a closure, a plan's needs, agreement or taking an item out): 403 for someone
    who may not change the case at all; for a record not open for changes, back to the record
    saying why (`refused`). None when the change may go ahead."""
    if not request.user.has_perm("families.change_case", loaded.case):
        raise PermissionDenied("You cannot change this case record.")
    if loaded.can_change:
        return None
    messages.error(request, refused)
    return redirect(record_url(loaded.record))


def case_start_page(request: HttpRequest, loaded, **page) -> HttpResponse:
    """The one section page that starts something on a case (an assessment, a review, a
    closure, a re-opening) or records one of its checks: captioned with the case, back to the
    case, and refused (403) unless `loaded.can_change` (the loader was given the page's own
    permission)."""
    case = loaded.case
    return section_page(
        request,
        loaded,
        caption=f"{case.reference} · {case.family}",
        back_url=case.get_absolute_url(),
        check_case=False,
        **page,
    )
