"""Writes that touch several case-record models, each in one transaction: all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from edgecare.models import Service, Team, User
from families.models import Allocation, Case, Decision, Family, Person

# A rationale shorter than this cannot weigh risks against strengths.
MIN_RATIONALE_LENGTH = 40
RATIONALE_MESSAGE = "Write why this decision was made, weighing the risks against the strengths"

# Who may be a case's lead professional: practitioners of the case's own team.
ALLOCATABLE_ROLES = (User.Role.KEY_WORKER, User.Role.TEAM_MANAGER)


def allocatable_workers(team: Team):
    return User.objects.filter(team=team, is_active=True, role__in=ALLOCATABLE_ROLES).order_by(
        "first_name", "last_name", "pk"
    )


@transaction.atomic
def family_create(
    *,
    organisation,
    created_by: User,
    family_fields: dict,
    focus_young_person: dict,
) -> Family:
    """A new family with its first focus young person: a family is never recorded empty."""
    family = Family(organisation=organisation, created_by=created_by, **family_fields)
    family._history_user = created_by
    family.full_clean()
    family.save()
    person = Person(
        family=family,
        relationship=Person.Relationship.YOUNG_PERSON,
        is_focus=True,
        **focus_young_person,
    )
    person._history_user = created_by
    person.full_clean()
    person.save()
    return family


@transaction.atomic
def case_open(
    *,
    family: Family,
    service: Service,
    team: Team,
    opened_by: User,
    young_people: Iterable[Person],
    referral_date: datetime.date,
    referral_source: str,
    presenting_concerns: str,
    referrer_name: str = "",
    referrer_contact: str = "",
    parent_requested_accommodation: bool = False,
    urgency: str = Case.Urgency.ROUTINE,
) -> Case:
    """Take a referral: a new episode of work with a family, status "referred"."""
    young_people = list(young_people)
    if family.archived_at is not None:
        raise ValidationError("This family's record is archived: a case cannot be opened.")
    if not family.members.exists():
        raise ValidationError("Add the family's members before opening a case.")
    if not young_people:
        raise ValidationError("Choose at least one young person the referral is about.")
    for person in young_people:
        if person.family_id != family.pk or not person.is_focus:
            raise ValidationError("Choose young people of this family who are a focus of the work.")
    if team.service_id != service.pk:
        raise ValidationError("Choose a team of the chosen service.")
    if service.organisation_id != family.organisation_id:
        raise ValidationError("Choose a service of the family's organisation.")
    if referral_date > timezone.localdate():
        raise ValidationError("The referral date cannot be in the future.")
    case = Case(
        family=family,
        service=service,
        team=team,
        status=Case.Status.REFERRED,
        referral_date=referral_date,
        referral_source=referral_source,
        referrer_name=referrer_name,
        referrer_contact=referrer_contact,
        presenting_concerns=presenting_concerns,
        parent_requested_accommodation=parent_requested_accommodation,
        urgency=urgency,
        created_by=opened_by,
    )
    case._history_user = opened_by
    case.save()
    case.young_people.set(young_people)
    return case


# What each decision does to the episode of work.
CLOSING_OUTCOMES = frozenset(
    {
        Decision.Outcome.ACCOMMODATE,
        Decision.Outcome.STEP_DOWN,
        Decision.Outcome.NO_FURTHER_ACTION,
    }
)


@transaction.atomic
def decision_record(
    *,
    case: Case,
    outcome: str,
    made_by: str,
    decided_on: datetime.date,
    decided_by_name: str,
    risks: str,
    strengths: str,
    rationale: str,
    recorded_by: User,
    attendees: str = "",
) -> Decision:
    """Record the edge-of-care decision and move the case on: support at home starts the
    assessment; any other decision ends this episode of work."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_closed:
        raise ValidationError("This case is closed: its record can no longer be changed.")
    if len((rationale or "").strip()) < MIN_RATIONALE_LENGTH:
        raise ValidationError(RATIONALE_MESSAGE)
    if decided_on < case.referral_date:
        raise ValidationError("The decision date cannot be before the referral date.")
    if decided_on > timezone.localdate():
        raise ValidationError("The decision date cannot be in the future.")
    decision = Decision(
        case=case,
        outcome=outcome,
        made_by=made_by,
        decided_on=decided_on,
        decided_by_name=decided_by_name,
        attendees=attendees,
        risks=risks,
        strengths=strengths,
        rationale=rationale.strip(),
        recorded_by=recorded_by,
    )
    decision._history_user = recorded_by
    decision.full_clean()
    decision.save()
    if outcome in CLOSING_OUTCOMES:
        case.close(on=decided_on, by=recorded_by)
    elif outcome == Decision.Outcome.SUPPORT_AT_HOME and case.status == Case.Status.REFERRED:
        case.start_assessment(by=recorded_by)
    return decision


@transaction.atomic
def case_allocate(*, case: Case, worker: User, allocated_by: User, reason: str) -> Allocation:
    """Make `worker` the lead professional: the current allocation ends, a new one starts, and
    the history of who held the case is kept."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_closed:
        raise ValidationError("This case is closed: it cannot be allocated.")
    if not allocatable_workers(case.team).filter(pk=worker.pk).exists():
        raise ValidationError("Choose a key worker or team manager of the case's team.")
    if case.lead_professional_id == worker.pk:
        raise ValidationError(f"{worker} is already the lead professional.")
    now = timezone.now()
    for current in case.allocations.filter(ended_at__isnull=True):
        current.ended_at = now
        current._history_user = allocated_by
        current.save(update_fields=["ended_at", "updated_at", "row_version"])
    allocation = Allocation(
        case=case,
        worker=worker,
        allocated_by=allocated_by,
        started_at=now,
        reason=reason,
    )
    allocation._history_user = allocated_by
    allocation.save()
    case.lead_professional = worker
    case._history_user = allocated_by
    case.save(update_fields=["lead_professional", "updated_at", "row_version"])
    return allocation
