"""What the journey's records (assessments, plans, reviews and closures) declare the same way:
who did something to a record and which version it is, how a record's pages are addressed, and
a page that loads one record and draws it.

This module sits on the floor, so it imports no app: the views it builds are given their app's
scoped loader (`families.selectors.record_for_user_or_404` underneath), and the record's
workflow pages come from `edgecare.signoff_views.SignOffPages`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

if TYPE_CHECKING:
    # Only named here: record models import this module while the apps load, before the
    # views' forms may be imported.
    from edgecare.signoff_views import SignOffPages

# Fields ------------------------------------------------------------------------------------


def staff_link(**extra) -> models.ForeignKey:
    """Who moved a record on (submitted, signed off, completed, recorded the agreement): set by
    the record's own transition, never typed in a form, empty until it happens, and no reverse
    accessor on the user (a member of staff touches thousands of records)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        **extra,
    )


def version_number() -> models.PositiveSmallIntegerField:
    """A versioned record's number: 1 for the first, one more for each correction or revision."""
    return models.PositiveSmallIntegerField(default=1, editable=False)


def previous_version_link() -> models.ForeignKey:
    """The version a correction or revision was copied from (empty for the first): kept, never
    overwritten, so what an earlier version said stays readable."""
    return models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="next_versions",
    )


# Addresses ---------------------------------------------------------------------------------

# (request, case_pk, pk) -> the loaded record (families.selectors.Loaded)
Loader = Callable[[HttpRequest, int, int], Any]
View = Callable[..., HttpResponse]

# The addresses of the four workflow pages below a record's own, in SignOffPages' order.
SIGN_OFF_SUFFIXES = ("check-answers/", "submit/", "sign-off/", "return/")


def record_paths(prefix: str, pages: Iterable[tuple[str, View, str]]) -> list[URLPattern]:
    """One record's pages, each (suffix, view, URL name) addressed below the record's own
    address `prefix` ("cases/<int:case_pk>/<int:pk>/")."""
    return [path(prefix + suffix, view, name=name) for suffix, view, name in pages]


def sign_off_paths(prefix: str, pages: SignOffPages) -> list[URLPattern]:
    """The check-answers, submit, sign-off and return pages of a record signed off through
    `pages`, under the URL names `pages.url_names` gives them (the names its pages reverse)."""
    return record_paths(
        prefix,
        (
            (suffix, view, url_name.rpartition(":")[2])
            for suffix, view, url_name in zip(
                SIGN_OFF_SUFFIXES, pages.views(), pages.url_names, strict=True
            )
        ),
    )


# Pages -------------------------------------------------------------------------------------


def record_page(load: Loader, draw: Callable[[HttpRequest, Any], HttpResponse]) -> View:
    """A GET-and-POST page of one record: loaded through its app's scoped loader (out of
    scope: 404, the GET logged), then drawn by `draw(request, loaded)` (usually one section's
    edit page)."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
        return draw(request, load(request, case_pk, pk))

    return view
