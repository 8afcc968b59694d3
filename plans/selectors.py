"""The one way plans are loaded: scoped by the cases the user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from edgecare.access import record_access
from edgecare.models import AccessLog
from families.models import Case
from families.selectors import cases_for_user
from plans.models import Action, Goal, Plan


def plans_for_user(user) -> QuerySet[Plan]:
    """Every plan on a case `user` may see."""
    return Plan.objects.filter(case__in=cases_for_user(user).values("pk"))


def plan_for_user_or_404(
    request: HttpRequest, *, case: Case, pk: int, record_type: str = "plan"
) -> Plan:
    """One plan of `case`, or 404 (logged as a refusal). Scoped by the case in the URL too, so
    another case's plan id under this case's address is a 404."""
    plan = (
        plans_for_user(request.user)
        .filter(case=case, pk=pk)
        .select_related("assessment", "created_by", "agreed_recorded_by", "previous_version")
        .first()
    )
    if plan is None:
        record_access(
            request,
            action=AccessLog.Action.REFUSED,
            record_type=record_type,
            record_id=pk,
            case_id=case.pk,
        )
        raise Http404("No plan found")
    plan.case = case
    return plan


def actions_with_owners() -> QuerySet[Action]:
    return Action.objects.select_related("owner_person", "owner_worker", "owner_agency").order_by(
        "order", "due_date", "id"
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
