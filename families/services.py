"""Writes that touch several case-record models, each in one transaction: all or nothing."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from edgecare.models import Service, Team, User
from families.models import Allocation, Case, Decision, Family, Person

log = logging.getLogger("edgecare.families")

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
    referral_time: datetime.time | None = None,
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
        referral_time=referral_time,
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


def deciders_for(case: Case):
    """Who may make (and so confirm) the case's edge-of-care decision: the managers over it,
    its team's managers and its service's managers (a panel is chaired by one of them)."""
    return User.objects.filter(
        Q(role=User.Role.TEAM_MANAGER, team_id=case.team_id)
        | Q(role=User.Role.SERVICE_MANAGER, service_id=case.service_id),
        organisation_id=case.family.organisation_id,
        is_active=True,
    ).order_by("first_name", "last_name", "pk")


def _apply_decision(case: Case, decision: Decision, *, by: User) -> None:
    """What a decision in force does to the episode of work."""
    if decision.outcome in CLOSING_OUTCOMES:
        case.close(on=decision.decided_on, by=by)
    elif (
        decision.outcome == Decision.Outcome.SUPPORT_AT_HOME and case.status == Case.Status.REFERRED
    ):
        case.start_assessment(by=by)


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
    decider: User | None = None,
) -> Decision:
    """Record the edge-of-care decision. Recorded by a manager, who is then the decider, it
    is in force at once. Recorded by a key worker, it is pending until the manager or panel
    chair named (`decider`) confirms it; meanwhile support at home may start the assessment
    (the family is not left waiting), but a decision that ends the work waits for them."""
    case = Case.objects.select_for_update().select_related("family").get(pk=case.pk)
    if case.is_closed:
        raise ValidationError("This case is closed: its record can no longer be changed.")
    if len((rationale or "").strip()) < MIN_RATIONALE_LENGTH:
        raise ValidationError(RATIONALE_MESSAGE)
    if decided_on < case.referral_date:
        raise ValidationError("The decision date cannot be before the referral date.")
    if decided_on > timezone.localdate():
        raise ValidationError("The decision date cannot be in the future.")
    if recorded_by.is_manager:
        decider = recorded_by
    elif decider is None or not deciders_for(case).filter(pk=decider.pk).exists():
        raise ValidationError("Choose the manager or panel chair who will confirm the decision.")
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
        decider=decider,
        confirmed_at=timezone.now() if decider.pk == recorded_by.pk else None,
    )
    decision._history_user = recorded_by
    decision.full_clean()
    decision.save()
    if decision.is_confirmed or outcome == Decision.Outcome.SUPPORT_AT_HOME:
        _apply_decision(case, decision, by=recorded_by)
    return decision


@transaction.atomic
def decision_confirm(*, decision: Decision, confirmed_by: User) -> Decision:
    """The named decider confirms a pending decision; a decision that ends the work closes
    the episode now, on the decision's date."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    case = Case.objects.select_for_update().get(pk=locked.case_id)
    if locked.is_confirmed:
        raise ValidationError("This decision has already been confirmed.")
    if locked.decider_id != confirmed_by.pk:
        raise ValidationError("Only the manager or panel chair named can confirm it.")
    if case.is_closed:
        raise ValidationError("This case is closed: its record can no longer be changed.")
    locked.confirm(by=confirmed_by)
    _apply_decision(case, locked, by=confirmed_by)
    log.info("decision confirmed decision=%s case=%s by=%s", locked.pk, case.pk, confirmed_by.pk)
    return locked


def allocation_date_problems(case: Case, day: datetime.date | None) -> list[str]:
    """An allocation takes effect on a day that is possible: not in the future, not before
    the referral, not before the current allocation began."""
    if day is None:
        return ["Enter the date the allocation takes effect"]
    if day > timezone.localdate():
        return ["The allocation cannot take effect in the future"]
    if day < case.referral_date:
        return [
            "The allocation cannot take effect before the referral "
            f"({case.referral_date.day} {case.referral_date:%B %Y})"
        ]
    current = case.allocations.filter(ended_at__isnull=True).order_by("-started_at").first()
    if current is not None and day < timezone.localdate(current.started_at):
        began = timezone.localdate(current.started_at)
        return [
            "The allocation cannot take effect before the current one began "
            f"({began.day} {began:%B %Y})"
        ]
    return []


def _effective_moment(day: datetime.date | None) -> datetime.datetime:
    """Now for an allocation from today; the start of the day for one from an earlier day."""
    if day is None or day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def case_allocate(
    *,
    case: Case,
    worker: User,
    allocated_by: User,
    reason: str,
    effective_on: datetime.date | None = None,
) -> Allocation:
    """Make `worker` the lead professional from `effective_on` (today unless given): the
    current allocation ends then, a new one starts, and the history of who held the case is
    kept. When it was recorded is the allocation's `created_at`."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_closed:
        raise ValidationError("This case is closed: it cannot be allocated.")
    if not allocatable_workers(case.team).filter(pk=worker.pk).exists():
        raise ValidationError("Choose a key worker or team manager of the case's team.")
    if case.lead_professional_id == worker.pk:
        raise ValidationError(f"{worker} is already the lead professional.")
    if effective_on is not None:
        problems = allocation_date_problems(case, effective_on)
        if problems:
            raise ValidationError(problems)
    now = _effective_moment(effective_on)
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
