"""Writes that touch several models: creating a plan from the assessment, turning needs into
goals, the family's agreement and revising a plan. Each runs in one transaction."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, DomainAssessment, IdentifiedNeed, OutcomeDomain
from edgecare.models import Organisation, User
from edgecare.phones import phone_number_in
from edgecare.plain_language import CAPITALS_ONLY, DEFAULT_GLOSSARY
from edgecare.records_common import require_open_case
from families.models import Case, Person
from plans.models import (
    Action,
    ActionProgress,
    Contingency,
    Goal,
    JargonTerm,
    Plan,
    PlanContact,
)

log = logging.getLogger("edgecare.plans")


def _require_draft(plan: Plan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            "This plan has been agreed with the family and cannot be changed. "
            "Revise it to make a new version."
        )


def baseline_for(assessment: Assessment, domain: OutcomeDomain) -> DomainAssessment | None:
    """The assessment's scores for `domain`: the goal's starting point."""
    return assessment.domain_assessments.filter(domain=domain).first()


# Creating ----------------------------------------------------------------------------------


def default_contacts(case: Case) -> list[PlanContact]:
    """Who to call, filled in from the lead professional, the team and the organisation.
    Unsaved: the caller sets the plan. The worker edits them before the plan is agreed."""
    team = case.team
    organisation = case.service.organisation
    contacts = []
    worker = case.lead_professional
    if worker is not None:
        contacts.append(
            PlanContact(
                name=worker.get_full_name() or str(worker),
                role="Your worker",
                phone=worker.phone or team.phone,
                when_to_call="Weekdays, 9am to 5pm",
            )
        )
    # The team as families know it ("The family support team"), never its internal name.
    team_role = team.description_for_families[:200] or "Your worker's team"
    if worker is None and team.phone:
        contacts.append(
            PlanContact(
                name=team.name_for_families,
                role=team_role,
                phone=team.phone,
                when_to_call="Weekdays",
            )
        )
    if team.out_of_hours_arrangement.strip():
        contacts.append(
            PlanContact(
                name=team.name_for_families,
                role=team_role,
                phone=phone_number_in(team.out_of_hours_arrangement)[:40],
                when_to_call=team.out_of_hours_arrangement.strip()[:300],
                is_out_of_hours=True,
            )
        )
    if organisation.out_of_hours_phone:
        contacts.append(
            PlanContact(
                name=f"{organisation.name} out-of-hours team",
                role="For a worry that cannot wait until the morning",
                phone=organisation.out_of_hours_phone,
                when_to_call="Evenings, nights, weekends and bank holidays",
                is_out_of_hours=True,
            )
        )
    for order, contact in enumerate(contacts, start=1):
        contact.order = order
    return contacts


@transaction.atomic
def plan_create_from_assessment(
    *,
    case: Case,
    assessment: Assessment | None,
    created_by: User,
    start_date: datetime.date | None = None,
) -> Plan:
    """Start version 1 of the case's plan from its signed-off assessment, with the contacts
    pre-filled. Goals are then made from the assessment's needs (`goal_from_need`) or by hand."""
    require_open_case(case)
    if assessment is None or not assessment.is_signed_off:
        raise ValidationError(
            "A plan is built from a signed-off assessment. This case has none yet: finish the "
            "assessment and have it signed off first."
        )
    if assessment.case_id != case.pk:
        raise ValidationError("That assessment belongs to another case.")
    if Plan.objects.filter(case=case).exists():
        raise ValidationError(
            "This case already has a plan. Open it, or revise the agreed plan to make a new "
            "version."
        )
    plan = Plan.objects.create(
        case=case,
        assessment=assessment,
        start_date=start_date or timezone.localdate(),
        created_by=created_by,
    )
    for contact in default_contacts(case):
        contact.plan = plan
        contact.save()
    log.info("plan created plan=%s case=%s by=%s", plan.pk, case.pk, created_by.pk)
    return plan


@transaction.atomic
def goal_from_need(*, plan: Plan, need: IdentifiedNeed) -> Goal:
    """A goal made from one of the assessment's needs, with the assessment's scores for its
    outcome area as the starting point. The worker then writes it in the family's words."""
    _require_draft(plan)
    if need.assessment_id != plan.assessment_id:
        raise ValidationError("That need is not from the assessment this plan was built from.")
    if plan.goals.filter(need=need).exists():
        raise ValidationError("That need is already a goal of this plan.")
    row = baseline_for(plan.assessment, need.domain)
    last = plan.goals.order_by("-order").values_list("order", flat=True).first() or 0
    return Goal.objects.create(
        plan=plan,
        order=last + 1,
        domain=need.domain,
        need=need,
        what_we_want_to_be_different=need.description,
        baseline_score=row.worker_score if row else None,
        family_baseline_score=row.family_score if row else None,
    )


@transaction.atomic
def plan_item_remove(*, item: Goal | Action | Contingency | PlanContact, by: User) -> None:
    """Take an item out of a draft plan, a goal with its actions. Kept in the record, never
    deleted."""
    item.remove(by=by)
    if isinstance(item, Goal):
        for action in item.actions.all():
            action.remove(by=by)


def next_order(items) -> int:
    last = items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


# Agreeing ----------------------------------------------------------------------------------


def agreement_date_problems(plan: Plan, agreed_on: datetime.date | None) -> list[str]:
    """The agreement is dated when the family agreed, which may be days before it is typed
    in: it only has to follow the signed-off assessment the plan was built from."""
    if agreed_on is None:
        return ["Enter the date the family agreed the plan."]
    if agreed_on > timezone.localdate():
        return ["The date the family agreed the plan cannot be in the future."]
    signed_off = plan.assessment.signed_off_day
    if signed_off is not None and agreed_on < signed_off:
        return [
            "The family cannot have agreed the plan before its assessment was signed off "
            f"({signed_off:%-d %B %Y})."
        ]
    if agreed_on < plan.case.referral_date:
        return [
            "The family cannot have agreed the plan before the referral "
            f"({plan.case.referral_date:%-d %B %Y})."
        ]
    previous = plan.previous_version
    if previous is not None and previous.agreed_on and agreed_on < previous.agreed_on:
        return [
            "A revised plan cannot be agreed before the version it replaces "
            f"({previous.agreed_on:%-d %B %Y})."
        ]
    return []


@transaction.atomic
def plan_agree(
    *,
    plan: Plan,
    agreed_by_people: Iterable[Person],
    agreed_on: datetime.date,
    comments: str,
    recorded_by: User,
    agreed_by_others: str = "",
) -> Plan:
    """Record the family's agreement. The plan comes into force, the version it revises is
    superseded, the first review is set, and a case still in assessment becomes active."""
    plan = Plan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    require_open_case(plan.case)
    people = list(agreed_by_people)
    problems = plan.agreement_problems()
    problems += agreement_date_problems(plan, agreed_on)
    if not people and not (agreed_by_others or "").strip():
        problems.append("Say who in the family agreed the plan.")
    if any(p.family_id != plan.case.family_id for p in people):
        problems.append("Only members of this family can be recorded as agreeing.")
    if problems:
        raise ValidationError(problems)
    plan.status = Plan.Status.AGREED
    plan.agreed_on = agreed_on
    plan.agreed_by_others = (agreed_by_others or "").strip()
    plan.family_comments = (comments or "").strip()
    plan.agreed_recorded_by = recorded_by
    plan.agreed_recorded_at = timezone.now()
    plan.next_review_date = plan.first_review_date(agreed_on)
    plan.save()
    plan.agreed_by_people.set(people)
    previous = plan.previous_version
    if previous is not None and not previous.is_superseded:
        previous.status = Plan.Status.SUPERSEDED
        previous.superseded_at = timezone.now()
        previous.save()
    case = plan.case
    if case.status in (Case.Status.REFERRED, Case.Status.ASSESSMENT):
        case.start_support(by=recorded_by)
    log.info("plan agreed plan=%s case=%s by=%s", plan.pk, case.pk, recorded_by.pk)
    return plan


# Revising ----------------------------------------------------------------------------------


def _copy(item, **changes):
    """An unsaved copy of a plan item for the next version, linked to its original."""
    fields = {
        f.attname: getattr(item, f.attname)
        for f in type(item)._meta.concrete_fields
        if not f.primary_key
        and f.attname
        not in {"created_at", "updated_at", "row_version", "copied_from_id", "removed_at"}
    }
    fields.update(changes)
    return type(item)(copied_from=item, **fields)


@transaction.atomic
def plan_revise(*, plan: Plan, revised_by: User, reason: str = "") -> Plan:
    """A new draft version copying the agreed plan's goals, actions, contingencies and
    contacts. The agreed plan stays in force (and readable) until the new one is agreed.
    Built on the newest signed-off assessment, so a re-assessment's needs can become goals."""
    plan = Plan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    require_open_case(plan.case)
    if not plan.is_agreed:
        raise ValidationError("Only the plan in force can be revised.")
    if plan.next_versions.exists():
        raise ValidationError("This plan is already being revised: open the draft version.")
    newest_assessment = (
        plan.case.assessments.signed_off().order_by("-signed_off_at", "-version", "-pk").first()
    )
    new = Plan.objects.create(
        case=plan.case,
        assessment=newest_assessment or plan.assessment,
        version=plan.version + 1,
        previous_version=plan,
        revision_reason=(reason or "").strip(),
        start_date=max(plan.start_date, timezone.localdate()),
        review_cadence_weeks=plan.review_cadence_weeks,
        created_by=revised_by,
    )
    for goal in plan.goals.all().prefetch_related("actions"):
        new_goal = _copy(goal, plan_id=new.pk)
        new_goal.save()
        # Every action comes across as it is: done and dropped ones keep their status, date
        # and reason (the family sees what has been done); date rules apply to open ones only.
        for action in goal.actions.all():
            _copy(action, goal_id=new_goal.pk).save()
    for contingency in plan.contingencies.all():
        _copy(contingency, plan_id=new.pk).save()
    for contact in plan.contacts.all():
        _copy(contact, plan_id=new.pk).save()
    log.info("plan revised plan=%s new=%s by=%s", plan.pk, new.pk, revised_by.pk)
    return new


# Progress between reviews -----------------------------------------------------------------


def action_progress_problems(
    action: Action, *, status: str, on: datetime.date | None, note: str
) -> list[tuple[str | None, str]]:
    """Why this step cannot be recorded, as (form field, message a worker can act on)."""
    plan = action.goal.plan
    problems: list[tuple[str | None, str]] = []
    if not plan.is_agreed:
        problems.append(
            (
                None,
                "Progress is recorded on the plan in force. In a draft, change the action itself.",
            )
        )
    if status not in Action.Status.values:
        problems.append(("status", "Choose how the action is going."))
    if on is None:
        problems.append(("happened_on", "Enter the date it happened."))
    elif on > timezone.localdate():
        problems.append(
            (
                "happened_on",
                "The date cannot be in the future: record progress once it has happened.",
            )
        )
    elif plan.agreed_on and on < plan.agreed_on:
        problems.append(
            (
                "happened_on",
                f"The date cannot be before the plan was agreed ({plan.agreed_on:%-d %B %Y}).",
            )
        )
    if status == Action.Status.DROPPED and not (note or "").strip():
        problems.append(("note", "Say why the action was dropped."))
    return problems


@transaction.atomic
def action_progress_record(
    *, action: Action, status: str, on: datetime.date, note: str, recorded_by: User
) -> ActionProgress:
    """Record how an action of the plan in force is going, without revising the plan: the
    action's status moves and the step is kept (status, date, note, who)."""
    locked = Action.objects.select_for_update().select_related("goal__plan__case").get(pk=action.pk)
    # Keep the copy the caller read, so a stale save of the same action is still refused.
    locked.row_version = action.row_version
    require_open_case(locked.goal.plan.case)
    note = (note or "").strip()
    problems = action_progress_problems(locked, status=status, on=on, note=note)
    if problems:
        raise ValidationError([message for _, message in problems])
    step = locked.record_progress(status=status, on=on, note=note, by=recorded_by)
    log.info(
        "action progress action=%s plan=%s status=%s by=%s",
        locked.pk,
        locked.goal.plan_id,
        status,
        recorded_by.pk,
    )
    return step


# The glossary ------------------------------------------------------------------------------


@transaction.atomic
def jargon_terms_seed(*, organisation: Organisation) -> int:
    """Give the organisation its own copy of the default glossary to edit. Safe to rerun:
    terms it already has (perhaps reworded) are left alone."""
    existing = set(
        JargonTerm.objects.filter(organisation=organisation).values_list("term", flat=True)
    )
    created = JargonTerm.objects.bulk_create(
        JargonTerm(
            organisation=organisation,
            term=term,
            plain_alternative=plain,
            capitals_only=term in CAPITALS_ONLY,
        )
        for term, plain in DEFAULT_GLOSSARY
        if term not in existing
    )
    return len(created)
