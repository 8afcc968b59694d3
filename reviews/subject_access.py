"""The reviews app's part of a person's subject access export (composed by
casefile.subject_access): the reviews, closures and follow-up checks of the cases in scope.

They are written about the family's work as a whole, so every one of the person's cases that
the requester may see contributes its reviews and closure; the manager redacts other people
before release, as for the rest of the export."""

from __future__ import annotations

from django.db.models import QuerySet

from families.models import Case, Person
from families.subject_access import Section, as_record
from reviews.models import Closure, ClosureAmendment, FollowUpCheck, Review


def _per_case(title: str, records: QuerySet, fields: list[str]) -> Section:
    """One row per record, headed by its case's reference (a person may have had several)."""
    return Section(
        title,
        [
            {"Case": record.case.reference, **as_record(record, fields)}
            for record in records.select_related("case")
        ],
    )


def reviews_part(person: Person, cases: QuerySet[Case]) -> Section:
    return _per_case(
        "Reviews of the work with the family",
        Review.objects.filter(case__in=cases).order_by("review_date", "pk"),
        [
            "review_date",
            "review_type",
            "status",
            "progress_summary",
            "young_person_views",
            "family_views",
            "risk_level",
            "risk_reason",
            "decision",
            "decision_reason",
            "next_review_date",
        ],
    )


def closures_part(person: Person, cases: QuerySet[Case]) -> Section:
    return _per_case(
        "Closure of the work with the family",
        Closure.objects.filter(case__in=cases).order_by("closure_date", "pk"),
        [
            "closure_date",
            "status",
            "reason",
            "key_outcome",
            "work_summary",
            "ongoing_needs_assessment",
            "what_helped",
            "family_confidence_words",
            "message_to_family",
        ],
    )


def follow_ups_part(person: Person, cases: QuerySet[Case]) -> Section:
    return _per_case(
        "Follow-up checks after the work ended",
        FollowUpCheck.objects.filter(case__in=cases, done_on__isnull=False).order_by(
            "done_on", "pk"
        ),
        ["done_on", "status", "still_living_at_home", "re_referred", "entered_care", "notes"],
    )


def closure_amendments_part(person: Person, cases: QuerySet[Case]) -> Section:
    amendments = (
        ClosureAmendment.objects.filter(case__in=cases)
        .select_related("case")
        .order_by("created_at", "pk")
    )
    return Section(
        "Corrections of a closure",
        [
            {
                "Case": a.case.reference,
                "The closure said": a.previous_outcome_display,
                "Corrected to": a.outcome_display,
                **as_record(a, ["status", "reason"]),
            }
            for a in amendments
        ],
    )
