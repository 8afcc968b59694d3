"""The one way plans are loaded: scoped by the cases the user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from edgecare.models import AccessLog
from families.models import Case, Person
from families.selectors import (
    Loaded,
    cases_for_user,
    people_the_document_is_for,
    record_for_user_or_404,
)
from plans.models import Action, ActionProgress, Goal, Plan


def plans_for_user(user) -> QuerySet[Plan]:
    """Every plan on a case `user` may see."""
    return Plan.objects.filter(case__in=cases_for_user(user).values("pk"))


RECORD_TYPE = AccessLog.RecordType.PLAN


def load_plan(request: HttpRequest, case_pk: int, pk: int, **log) -> Loaded:
    """One plan of the case in the URL, with whether the user may change it (`change_perm`,
    "plans.change_plan" unless given), or 404."""
    return record_for_user_or_404(
        request,
        case_pk,
        record_type=RECORD_TYPE,
        queryset=plans_for_user(request.user).select_related(
            "assessment", "created_by", "agreed_recorded_by", "previous_version"
        ),
        pk=pk,
        **({"change_perm": "plans.change_plan"} | log),
    )


def load_young_persons_plan(
    request: HttpRequest, case_pk: int, pk: int, person_pk: int, *, log_action: str
) -> tuple[Plan, Person]:
    """One plan of the case in the URL and one of the young people the case is about, for that
    young person's own plan, or 404. Someone else (a parent, another family's child) finds no
    plan: the same 404 and refusal as an out-of-scope plan, and no row saying it was shown."""
    loaded = record_for_user_or_404(
        request,
        case_pk,
        record_type=RECORD_TYPE,
        queryset=plans_for_user(request.user).filter(case__young_people__pk=person_pk),
        pk=pk,
        log_action=log_action,
        log_record_type=AccessLog.RecordType.YOUNG_PERSON_PLAN,
    )
    return loaded.record, loaded.case.young_people.get(pk=person_pk)


def actions_with_owners() -> QuerySet[Action]:
    """Actions with their owners and their progress between reviews (with who recorded it)."""
    return (
        Action.objects.select_related("owner_person", "owner_worker", "owner_agency")
        .prefetch_related(
            Prefetch("progress", queryset=ActionProgress.objects.select_related("recorded_by"))
        )
        .order_by("order", "due_date", "id")
    )


def goals_with_actions() -> QuerySet[Goal]:
    return Goal.objects.select_related("need").prefetch_related(
        Prefetch("actions", queryset=actions_with_owners())
    )


def with_plan_contents(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    """Everything a plan page or document shows, in a fixed number of queries."""
    return qs.prefetch_related(
        Prefetch("goals", queryset=goals_with_actions()),
        "contingencies",
        "contacts",
        "agreed_by_people",
    )


def plan_with_contents(plan: Plan) -> Plan:
    full = with_plan_contents(
        Plan.objects.filter(pk=plan.pk).select_related(
            "assessment", "created_by", "agreed_recorded_by", "previous_version"
        )
    ).get()
    full.case = plan.case
    return full


def plan_versions(case: Case) -> list[Plan]:
    """Every version of the case's plan, newest first."""
    return list(
        Plan.objects.filter(case=case)
        .select_related("created_by", "agreed_recorded_by")
        .order_by("-version", "-pk")
    )


def plan_in_force(case: Case) -> Plan | None:
    """The agreed plan the family is working to, if any."""
    return Plan.objects.filter(case=case).agreed().order_by("-version", "-pk").first()


def latest_plan(case: Case) -> Plan | None:
    """The newest version, draft or agreed."""
    return Plan.objects.filter(case=case).current().order_by("-version", "-pk").first()


def people_who_agreed(plan: Plan | None) -> list[Person]:
    """The family members recorded as agreeing `plan` (none for a draft or no plan)."""
    if plan is None or plan.agreed_on is None:
        return []
    return list(plan.agreed_by_people.all())


def people_the_plan_is_for(plan: Plan) -> list[Person]:
    """Who the family plan names: families.selectors.people_the_document_is_for, with the
    people who agreed this version."""
    return people_the_document_is_for(plan.case, agreed=people_who_agreed(plan))


def people_the_case_documents_are_for(case: Case) -> list[Person]:
    """Who a document at the end of the work (the closure letter) names: the same list, with
    the people who agreed the plan last agreed (in force, or superseded by none since)."""
    last_agreed = (
        Plan.objects.filter(case=case, agreed_on__isnull=False).order_by("-version", "-pk").first()
    )
    return people_the_document_is_for(case, agreed=people_who_agreed(last_agreed))
