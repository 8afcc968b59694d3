"""The later stages of the case journey (reviews, closure, follow-up checks) as this app reads
them: the few queries the caseloads and attention pages need from the reviews app."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Subquery

from reviews.models import Closure, FollowUpCheck, Review


def overdue_follow_ups(today: datetime.date) -> QuerySet[FollowUpCheck]:
    return FollowUpCheck.objects.outstanding().filter(due_date__lt=today)


def follow_up_overdue_q(today: datetime.date) -> Q:
    return Q(Exists(overdue_follow_ups(today).filter(case=OuterRef("pk"))))


def closure_awaiting_sign_off_q() -> Q:
    return Q(Exists(Closure.objects.filter(case=OuterRef("pk"), status=Closure.Status.SUBMITTED)))


def _latest_review():
    return Review.objects.completed().filter(case=OuterRef("pk")).order_by("-review_date", "-id")


def risk_annotations() -> dict:
    """What the last completed review said about risk, per case."""
    latest = _latest_review()
    return {
        "last_review_on": Subquery(latest.values("review_date")[:1]),
        "last_review_risk": Subquery(latest.values("risk_level")[:1]),
        "last_review_previous_risk": Subquery(latest.values("previous_risk_level")[:1]),
        "is_risk_raised": Subquery(latest.values("risk_raised")[:1], output_field=BooleanField()),
    }
