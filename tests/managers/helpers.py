"""Builders for the managers' tests: rows made directly, in the state a test needs, so that
figures can be checked against hand-worked values. Every name is invented."""

from __future__ import annotations

import datetime

from django.utils import timezone

from assessments.models import Assessment, DomainAssessment
from assessments.services import outcome_framework_for
from families.models import Contact
from plans.models import Plan
from reviews.models import Closure, ClosureDomainScore, FollowUpCheck, Review

TODAY = timezone.localdate()


def someone(case):
    """Who did the work on `case`: its lead professional, or a worker of its team."""
    from tests.factories import UserFactory

    return case.lead_professional or case.created_by or UserFactory(team=case.team)


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def contact(case, on: datetime.date, at: datetime.time = datetime.time(10, 0), **kw) -> Contact:
    return Contact.objects.create(
        case=case,
        contact_date=on,
        start_time=at,
        duration_minutes=kw.pop("duration_minutes", 60),
        contact_type=kw.pop("contact_type", Contact.ContactType.HOME_VISIT),
        purpose="Visit",
        what_happened="Talked about the week.",
        recorded_by=kw.pop("recorded_by", None) or someone(case),
        **kw,
    )


def assessment(case, *, status=Assessment.Status.SIGNED_OFF, assessor=None, scores=None):
    """An assessment of `case` in `status`, with baseline scores {domain order: (worker,
    family)} if given."""
    framework = outcome_framework_for(case.family.organisation)
    row = Assessment.objects.create(
        case=case,
        framework=framework,
        assessment_date=case.referral_date + datetime.timedelta(days=3),
        assessor=assessor or someone(case),
        status=status,
    )
    for domain in framework.domains.filter(is_active=True):
        worker, family = (scores or {}).get(domain.order, (None, None))
        DomainAssessment.objects.create(
            assessment=row, domain=domain, worker_score=worker, family_score=family
        )
    return row


def agreed_plan(case, *, next_review_date=None, assessment_row=None, created_by=None) -> Plan:
    assessment_row = assessment_row or assessment(case)
    return Plan.objects.create(
        case=case,
        assessment=assessment_row,
        status=Plan.Status.AGREED,
        start_date=assessment_row.assessment_date,
        agreed_on=assessment_row.assessment_date,
        next_review_date=next_review_date or TODAY + datetime.timedelta(days=20),
        created_by=created_by or someone(case),
    )


def completed_review(case, plan, *, on, risk_level="medium", previous="low", raised=False):
    return Review.objects.create(
        case=case,
        plan=plan,
        review_date=on,
        status=Review.Status.COMPLETED,
        risk_level=risk_level,
        previous_risk_level=previous,
        risk_raised=raised,
        decision=Review.Decision.CONTINUE,
        created_by=someone(case),
    )


def closure(
    case,
    *,
    on,
    reason=Closure.Reason.GOALS_ACHIEVED,
    key_outcome=Closure.KeyOutcome.WITH_PARENTS,
    status=Closure.Status.SIGNED_OFF,
    scores=None,
    created_by=None,
):
    """A closure with closure scores {domain order: (baseline worker, baseline family,
    closure worker, closure family)}; a signed-off one closes the case."""
    row = Closure.objects.create(
        case=case,
        reason=reason,
        closure_date=on,
        key_outcome=key_outcome,
        status=status,
        created_by=created_by or someone(case),
    )
    if scores:
        framework = outcome_framework_for(case.family.organisation)
        for domain in framework.domains.filter(order__in=scores):
            bw, bf, w, f = scores[domain.order]
            ClosureDomainScore.objects.create(
                closure=row,
                domain=domain,
                baseline_worker_score=bw,
                baseline_family_score=bf,
                worker_score=w,
                family_score=f,
            )
    if status == Closure.Status.SIGNED_OFF:
        case.status = "closed"
        case.closed_on = on
        case.save()
    return row


def follow_up(case, closure_row, *, months, due, status=FollowUpCheck.Status.DUE, **kw):
    return FollowUpCheck.objects.create(
        case=case,
        closure=closure_row,
        months_after=months,
        due_date=due,
        status=status,
        **kw,
    )
