"""Drafts of the long free-text forms, saved as the worker types, so a note is never lost to
a closed tab, a dropped connection or the idle sign-out.

The page's script (static/js/edgecare.js) posts the form's fields to `families:draft` a few
seconds after typing stops (at most every DRAFT_SAVE_SECONDS); coming back to the page puts
the draft back (`draft_for_page`, the context processor); saving the form drops it
(`discard_on_save`, on edgecare.typed_text.form_saved); `purge_expired_drafts` removes what
was left for more than DRAFT_DAYS (manage.py purge_drafts, run by the scheduler).

A draft is only ever kept for a page in DRAFT_PAGES of a case the worker may change, and
shown only to that worker. It is not a record: no history, never in the case record, never
logged (identifiers only).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from edgecare.models import User
from families.models import Case, FormDraft

log = logging.getLogger("edgecare.drafts")

# The form pages that keep a draft, with the URL argument that names the case: the contact
# note, the review, the closure and the assessment sections (the long free-text forms).
DRAFT_PAGES = {
    "families:contact_add": "pk",
    "families:contact_edit": "pk",
    "reviews:review_edit": "case_pk",
    "reviews:review_goals": "case_pk",
    "reviews:review_risk": "case_pk",
    "reviews:review_decision": "case_pk",
    "reviews:closure_edit": "case_pk",
    "reviews:closure_goals": "case_pk",
    "reviews:closure_needs": "case_pk",
    "reviews:closure_sustainability": "case_pk",
    "assessments:edit_overview": "case_pk",
    "assessments:edit_summary": "case_pk",
    "assessments:edit_analysis": "case_pk",
    "assessments:edit_domain": "case_pk",
    "assessments:edit_carer_view": "case_pk",
    "assessments:add_need": "case_pk",
    "assessments:edit_need": "case_pk",
}


def draft_page_case_pk(path: str) -> int | None:
    """The case a draft page at `path` is about, or None if `path` keeps no draft."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    argument = DRAFT_PAGES.get(match.view_name)
    return match.kwargs.get(argument) if argument else None


def save_draft(*, user: User, case: Case, page: str, fields: list[list[str]]) -> FormDraft:
    with transaction.atomic():
        draft, _ = FormDraft.objects.update_or_create(
            user=user, case=case, page=page, defaults={"fields": fields}
        )
    return draft


def discard_draft(*, user_id: int, page: str) -> int:
    deleted, _ = FormDraft.objects.filter(user_id=user_id, page=page).delete()
    return deleted


def discard_on_save(sender, *, user_id: int, path: str, **kwargs) -> None:
    discard_draft(user_id=user_id, page=path)


def purge_expired_drafts(*, now: datetime.datetime | None = None) -> int:
    """Deletes every draft untouched for more than DRAFT_DAYS; returns how many went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.DRAFT_DAYS)
    deleted, _ = FormDraft.objects.filter(updated_at__lt=cutoff).delete()
    log.info("drafts purged: %s older than %s days", deleted, settings.DRAFT_DAYS)
    return deleted


def draft_for_page(request: HttpRequest) -> dict:
    """Context processor: on a draft page, where its draft is saved and the draft to put back
    (none when a form kept after sign-out is being put back: that is newer)."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None:
        return {}
    argument = DRAFT_PAGES.get(match.view_name)
    if argument is None or request.method != "GET":
        return {}
    case_pk = match.kwargs.get(argument)
    context: dict = {
        "draft_url": reverse("families:draft", args=[case_pk]),
        "draft_save_seconds": settings.DRAFT_SAVE_SECONDS,
    }
    draft = (
        FormDraft.objects.filter(user=user, case_id=case_pk, page=request.path)
        .only("fields", "updated_at")
        .first()
    )
    if draft is not None:
        context["form_draft"] = draft
    return context
