"""Writes that touch several case-record models, each in one transaction: all or nothing."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from edgecare.dates import age_on
from edgecare.models import Service, Team, User
from families.models import (
    Allocation,
    Case,
    Decision,
    Family,
    LegalStatus,
    LivingArrangement,
    Person,
)

log = logging.getLogger("edgecare.families")

# A rationale shorter than this cannot weigh risks against strengths.
MIN_RATIONALE_LENGTH = 40
RATIONALE_MESSAGE = "Write why this decision was made, weighing the risks against the strengths"

# Who may be a case's lead professional: practitioners of the case's own team.
ALLOCATABLE_ROLES = (User.Role.KEY_WORKER, User.Role.TEAM_MANAGER)
# The oldest a young person who is the focus of the work may be: an older date of birth is
# taken for one typed wrong (the message asks the worker to check it).
OLDEST_FOCUS_AGE = 25


def allocatable_workers(team: Team):
    return User.objects.filter(team=team, is_active=True, role__in=ALLOCATABLE_ROLES).order_by(
        "first_name", "last_name", "pk"
    )


def may_lead_cases_of(worker: User, team: Team) -> bool:
    """allocatable_workers(team) for one user already loaded (the import checks thousands of
    rows against the users it read once)."""
    return worker.is_active and worker.role in ALLOCATABLE_ROLES and worker.team_id == team.pk


# The rules on dates that a form, a service and the import of a previous system's file each
# apply: one definition, a list of messages (empty when the date is possible), so each caller
# shows them its own way (a form's field, a ValidationError, a row and column of a file).


def date_of_birth_problems(
    born: datetime.date | None, *, is_focus: bool, today: datetime.date | None = None
) -> list[str]:
    """A young person the work is about has a date of birth, and is young; nobody is born in
    the future."""
    today = today or timezone.localdate()
    if born is None:
        return ["Enter the young person's date of birth"] if is_focus else []
    if born > today:
        return ["The date of birth cannot be in the future"]
    if is_focus and age_on(born, today) > OLDEST_FOCUS_AGE:
        return [
            f"A young person who is the focus of the work must be {OLDEST_FOCUS_AGE} or "
            "younger: check the date of birth"
        ]
    return []


def referral_date_problems(day: datetime.date, *, today: datetime.date | None = None) -> list[str]:
    if day > (today or timezone.localdate()):
        return ["The referral date cannot be in the future"]
    return []


def allocation_day_problems(
    day: datetime.date | None,
    *,
    referral_date: datetime.date | None,
    current_since: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[str]:
    """An allocation takes effect on a day that is possible: not in the future, not before
    the referral, not before the current allocation began (`current_since`)."""
    if day is None:
        return ["Enter the date the allocation takes effect"]
    if day > (today or timezone.localdate()):
        return ["The allocation cannot take effect in the future"]
    if referral_date is not None and day < referral_date:
        return [f"The allocation cannot take effect before the referral ({_long(referral_date)})"]
    if current_since is not None and day < current_since:
        return [
            "The allocation cannot take effect before the current one began "
            f"({_long(current_since)})"
        ]
    return []


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
    problems = referral_date_problems(referral_date)
    if problems:
        raise ValidationError(problems)
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
    """allocation_day_problems for an allocation of `case` (its referral, its current
    allocation)."""
    current = case.allocations.filter(ended_at__isnull=True).order_by("-started_at").first()
    return allocation_day_problems(
        day,
        referral_date=case.referral_date,
        current_since=timezone.localdate(current.started_at) if current is not None else None,
    )


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


# Where young people live, and their legal status ----------------------------------------------


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _check_young_person(case: Case, young_person: Person, people: Iterable[Person]) -> None:
    # The forms' choices are scoped already; this guards every other caller.
    if not case.young_people.filter(pk=young_person.pk).exists():
        raise ValidationError("Choose one of the young people this case is about.")
    if any(person.family_id != case.family_id for person in people):
        raise ValidationError("Only members of the case's family can be named.")


def arrangement_overlap(
    young_person: Person,
    started_on: datetime.date,
    ended_on: datetime.date | None,
    *,
    ignoring: Iterable[int] = (),
) -> LivingArrangement | None:
    """The first recorded arrangement of this young person, on any case, that shares a day
    with [started_on, ended_on): a young person lives in one place at a time. Periods are
    half-open, so a move-out day is the next arrangement's first day."""
    qs = LivingArrangement.objects.filter(young_person=young_person).exclude(pk__in=list(ignoring))
    if ended_on is not None:
        qs = qs.filter(started_on__lt=ended_on)
    open_or_later = Q(ended_on__isnull=True) | Q(ended_on__gt=started_on)
    return qs.filter(open_or_later).order_by("started_on", "pk").first()


def _overlap_message(other: LivingArrangement) -> str:
    until = f" to {_long(other.ended_on)}" if other.ended_on else " (where they live now)"
    return (
        f"These dates overlap another arrangement for {other.young_person.full_name}: "
        f"{other.get_kind_display().lower()} from {_long(other.started_on)}{until}. "
        "A young person lives in one place at a time: change the dates, or record a move."
    )


@transaction.atomic
def record_move(
    *,
    case: Case,
    young_person: Person,
    recorded_by: User,
    kind: str,
    started_on: datetime.date,
    reason: str,
    lives_with: Iterable[Person] = (),
    place: str = "",
    care_basis: str = "",
    ended_on: datetime.date | None = None,
) -> LivingArrangement:
    """A young person's arrangement, in one step. With no end date it is where they live now:
    the current arrangement (if any) ends on the day of the move. With an end date it is a
    past arrangement, filling in the history. Refused (ValidationError, nothing saved) if it
    would overlap another arrangement of theirs."""
    people = list(lives_with)
    _check_young_person(case, young_person, people)
    # Lock the young person's arrangements: two workers recording a move at once cannot both
    # close the same current arrangement.
    arrangements = list(
        LivingArrangement.objects.select_for_update()
        .filter(young_person=young_person)
        .order_by("started_on", "pk")
    )
    current = next((a for a in arrangements if a.ended_on is None), None)
    closing = None
    if ended_on is None and current is not None:
        if started_on <= current.started_on:
            raise ValidationError(
                f"The move must be after {young_person.full_name} started living where they "
                f"live now ({_long(current.started_on)}). To fill in earlier history, give "
                "the date they moved out too."
            )
        closing = current
    overlap = arrangement_overlap(
        young_person, started_on, ended_on, ignoring=[closing.pk] if closing else []
    )
    if overlap is not None:
        raise ValidationError(_overlap_message(overlap))
    if closing is not None:
        closing.ended_on = started_on
        closing._history_user = recorded_by
        closing.save()
    arrangement = LivingArrangement(
        case=case,
        young_person=young_person,
        recorded_by=recorded_by,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        reason=reason,
        place=place,
        care_basis=care_basis,
    )
    arrangement._history_user = recorded_by
    arrangement.save()
    arrangement.lives_with.set(people)
    return arrangement


@transaction.atomic
def change_arrangement(
    *,
    arrangement: LivingArrangement,
    changed_by: User,
    lives_with: Iterable[Person] = (),
    **fields,
) -> LivingArrangement:
    """A correction of one arrangement (its dates included), refused if it would then overlap
    another arrangement of the young person."""
    people = list(lives_with)
    _check_young_person(arrangement.case, arrangement.young_person, people)
    for name, value in fields.items():
        setattr(arrangement, name, value)
    overlap = arrangement_overlap(
        arrangement.young_person,
        arrangement.started_on,
        arrangement.ended_on,
        ignoring=[arrangement.pk],
    )
    if overlap is not None:
        raise ValidationError(_overlap_message(overlap))
    arrangement._history_user = changed_by
    arrangement.save()
    arrangement.lives_with.set(people)
    return arrangement


def _same_kind_overlap(status: LegalStatus) -> LegalStatus | None:
    qs = LegalStatus.objects.filter(young_person=status.young_person, kind=status.kind).exclude(
        pk=status.pk
    )
    if status.ended_on is not None:
        qs = qs.filter(started_on__lte=status.ended_on)
    return (
        qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=status.started_on))
        .order_by("started_on")
        .first()
    )


def _save_legal_status(
    status: LegalStatus, *, by: User, people_named: Iterable[Person]
) -> LegalStatus:
    people = list(people_named)
    _check_young_person(status.case, status.young_person, people)
    other = _same_kind_overlap(status)
    if other is not None:
        until = f" to {_long(other.ended_on)}" if other.ended_on else " (still in force)"
        raise ValidationError(
            f"{status.young_person.full_name} already has a {other.get_kind_display().lower()} "
            f"from {_long(other.started_on)}{until}: end it first, or change these dates."
        )
    status._history_user = by
    status.save()
    status.people_named.set(people if status.kind in LegalStatus.NAMING_PEOPLE else [])
    return status


@transaction.atomic
def record_legal_status(
    *,
    case: Case,
    young_person: Person,
    recorded_by: User,
    people_named: Iterable[Person] = (),
    **fields,
) -> LegalStatus:
    status = LegalStatus(case=case, young_person=young_person, recorded_by=recorded_by, **fields)
    return _save_legal_status(status, by=recorded_by, people_named=people_named)


@transaction.atomic
def change_legal_status(
    *, status: LegalStatus, changed_by: User, people_named: Iterable[Person] = (), **fields
) -> LegalStatus:
    for name, value in fields.items():
        setattr(status, name, value)
    return _save_legal_status(status, by=changed_by, people_named=people_named)
