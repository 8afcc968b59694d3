"""The one way case objects are loaded: scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest

from edgecare.access import record_access
from edgecare.models import AccessLog
from edgecare.rules import case_scope_q
from families.models import Case, Contact, Family


def cases_for_user(user) -> QuerySet[Case]:
    """Every case `user` may see. Anything outside it is a 404, never a leak."""
    return Case.objects.filter(case_scope_q(user))


def families_for_user(user) -> QuerySet[Family]:
    """Families with at least one case the user may see, plus families their organisation holds
    with no case yet that they created (a referral in progress)."""
    if not user.is_authenticated or user.organisation_id is None:
        return Family.objects.none()
    visible_cases = Case.objects.filter(case_scope_q(user)).values("family_id")
    return (
        Family.objects.filter(organisation_id=user.organisation_id)
        .filter(Q(pk__in=visible_cases) | Q(cases__isnull=True, created_by=user))
        .distinct()
    )


def with_case_list_figures(qs: QuerySet[Case]) -> QuerySet[Case]:
    """What a case list row shows, in a fixed number of queries however many rows there are."""
    first_contact = Contact.objects.filter(case=OuterRef("pk")).order_by(
        "contact_date", "start_time"
    )
    return (
        qs.select_related("family", "service", "team", "lead_professional")
        .prefetch_related("young_people")
        .annotate(
            last_contact_on=Max("contacts__contact_date"),
            first_contact_on=Subquery(first_contact.values("contact_date")[:1]),
            has_earlier_closed_case=Exists(
                Case.objects.filter(
                    family_id=OuterRef("family_id"),
                    status=Case.Status.CLOSED,
                    referral_date__lte=OuterRef("referral_date"),
                ).exclude(pk=OuterRef("pk"))
            ),
        )
    )


def case_for_user_or_404(request: HttpRequest, pk: int, *, record_type: str = "case") -> Case:
    """Load one case for the signed-in user, or 404.

    A request for a case outside the user's scope (another team's, another organisation's, or
    one that does not exist) gets the same 404 and is written to the access log as a refusal.
    """
    case = (
        cases_for_user(request.user)
        .select_related("family", "service", "team", "team__service", "lead_professional")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        record_access(
            request, action=AccessLog.Action.REFUSED, record_type=record_type, record_id=pk
        )
        raise Http404("No case found")
    return case
