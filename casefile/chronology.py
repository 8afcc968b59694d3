"""The case chronology: every dated event of the case on one timeline, derived from the records
themselves (never typed twice). Each app writes its kinds as plain functions,
`provider(case) -> list[ChronologyEntry]`; this is the one list of them, in the order the
chronology's filter shows them.
"""

from __future__ import annotations

from collections.abc import Iterable

from assessments import case_page as assessments_page
from attachments import case_page as attachments_page
from families import chronology as families_chronology
from families.case_parts import ChronologyEntry, ChronologyKind
from families.models import Case
from plans import case_page as plans_page
from reviews import case_page as reviews_page

CHRONOLOGY: list[ChronologyKind] = [
    ChronologyKind("referral", "Referral", families_chronology.referral_entries),
    ChronologyKind("decision", "Decision", families_chronology.decision_entries),
    ChronologyKind("allocation", "Allocation", families_chronology.allocation_entries),
    ChronologyKind("contact", "Contact", families_chronology.contact_entries),
    ChronologyKind("case_event", "Event", families_chronology.case_event_entries),
    ChronologyKind("agency", "Agency involved", families_chronology.agency_entries),
    ChronologyKind(
        "living_arrangement", "Where they live", families_chronology.arrangement_entries
    ),
    ChronologyKind("legal_status", "Plan or order", families_chronology.legal_status_entries),
    ChronologyKind(
        "legal_status_ended", "Plan or order ended", families_chronology.legal_status_ended
    ),
    ChronologyKind("consent_given", "Consent given", families_chronology.consent_given_entries),
    ChronologyKind(
        "consent_withdrawn", "Consent withdrawn", families_chronology.consent_withdrawn_entries
    ),
    ChronologyKind(
        "information_share", "Information shared", families_chronology.information_share_entries
    ),
    ChronologyKind("assessment", "Assessment started", assessments_page.assessment_started_entries),
    ChronologyKind(
        "assessment_submitted",
        "Assessment submitted",
        assessments_page.assessment_submitted_entries,
    ),
    ChronologyKind(
        "assessment_signed_off",
        "Assessment signed off",
        assessments_page.assessment_signed_off_entries,
    ),
    ChronologyKind("plan", "Plan", plans_page.plan_entries),
    ChronologyKind("plan_agreed", "Plan agreed", plans_page.plan_agreed_entries),
    ChronologyKind("review_completed", "Review completed", reviews_page.review_entries),
    ChronologyKind(
        "closure_submitted", "Closure submitted", reviews_page.closure_submitted_entries
    ),
    ChronologyKind("closure_signed_off", "Case closed", reviews_page.closure_signed_off_entries),
    ChronologyKind("case_reopened", "Case re-opened", reviews_page.reopened_entries),
    ChronologyKind("follow_up_done", "Follow-up check", reviews_page.follow_up_entries),
    ChronologyKind("document", "Document", attachments_page.document_entries),
]


def entries_for_case(case: Case, kinds: Iterable[str] | None = None) -> list[ChronologyEntry]:
    """Every entry of the chosen kinds (all when `kinds` is None), newest first."""
    wanted = None if kinds is None else set(kinds)
    entries: list[ChronologyEntry] = []
    for kind in CHRONOLOGY:
        if wanted is None or kind.kind in wanted:
            entries.extend(kind.provider(case))
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


def find_entry(case: Case, kind: str, entry_id: int) -> ChronologyEntry | None:
    """The entry `kind:entry_id` of this case, or None (also for another case's records)."""
    provider = next((k.provider for k in CHRONOLOGY if k.kind == kind), None)
    if provider is None:
        return None
    return next((e for e in provider(case) if e.id == entry_id), None)
