"""The one way case objects are loaded: scoped to what the user may see."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone

from edgecare.access import record_access
from edgecare.models import AccessLog
from edgecare.rules import case_scope_q
from families.models import Case, CaseQuerySet, Contact, Family, Person

# The service standard: first contact within a day of the referral (the case page, the case
# record and the outcome report all hold cases to it).
FIRST_CONTACT_WITHIN_DAYS = 1


def cases_for_user(user) -> CaseQuerySet:
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


def family_for_user_or_404(request: HttpRequest, pk: int, *, record_type: str = "family") -> Family:
    """Load one family the signed-in user may see, or 404 (and log the refusal)."""
    family = families_for_user(request.user).filter(pk=pk).first()
    if family is None:
        record_access(
            request, action=AccessLog.Action.REFUSED, record_type=record_type, record_id=pk
        )
        raise Http404("No family found")
    return family


def normalised_name(name: str) -> str:
    """A name reduced for comparison: case, spaces, hyphens and apostrophes ignored."""
    return "".join(ch for ch in (name or "").casefold() if ch.isalnum())


def names_look_alike(a: str, b: str, *, threshold: float = 0.85) -> bool:
    na, nb = normalised_name(a), normalised_name(b)
    if not na or not nb:
        return False
    return na == nb or difflib.SequenceMatcher(None, na, nb).ratio() >= threshold


@dataclass(frozen=True)
class PossibleDuplicates:
    """Likely matches for a new family or person: the ones the user may see, and whether any
    exist that they may not (reported without a single detail of them)."""

    visible: list = field(default_factory=list)
    elsewhere: bool = False

    def __bool__(self) -> bool:
        return bool(self.visible) or self.elsewhere


def possible_duplicate_families(
    user, family_name: str, *, exclude_pk: int | None = None
) -> PossibleDuplicates:
    if not family_name or user.organisation_id is None:
        return PossibleDuplicates()
    candidates = Family.objects.filter(organisation_id=user.organisation_id)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    matching_ids = [
        pk
        for pk, name in candidates.values_list("pk", "family_name")
        if names_look_alike(name, family_name)
    ]
    if not matching_ids:
        return PossibleDuplicates()
    visible = list(
        families_for_user(user)
        .filter(pk__in=matching_ids)
        .prefetch_related("members")
        .order_by("family_name", "pk")
    )
    return PossibleDuplicates(visible=visible, elsewhere=len(visible) < len(matching_ids))


def possible_duplicate_people(
    user,
    *,
    first_name: str,
    last_name: str,
    date_of_birth,
    exclude_pk: int | None = None,
) -> PossibleDuplicates:
    """People in the user's organisation born the same day whose names look alike."""
    if date_of_birth is None or user.organisation_id is None:
        return PossibleDuplicates()
    candidates = Person.objects.filter(
        family__organisation_id=user.organisation_id, date_of_birth=date_of_birth
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    wanted = f"{first_name} {last_name}"
    matching = [
        (pk, family_id)
        for pk, family_id, first, preferred, last in candidates.values_list(
            "pk", "family_id", "first_name", "preferred_name", "last_name"
        )
        if names_look_alike(f"{first} {last}", wanted)
        or (preferred and names_look_alike(f"{preferred} {last}", wanted))
    ]
    if not matching:
        return PossibleDuplicates()
    visible_families = set(
        families_for_user(user)
        .filter(pk__in={family_id for _, family_id in matching})
        .values_list("pk", flat=True)
    )
    visible_ids = [pk for pk, family_id in matching if family_id in visible_families]
    visible = list(
        Person.objects.filter(pk__in=visible_ids).select_related("family").order_by("pk")
    )
    return PossibleDuplicates(visible=visible, elsewhere=len(visible) < len(matching))


def search_families_for_user(user, query: str) -> QuerySet[Family]:
    """Families the user may see whose name, or a member's name, contains `query`."""
    query = (query or "").strip()
    qs = families_for_user(user).filter(archived_at__isnull=True)
    if not query:
        return qs.none()
    members = Person.objects.filter(family_id=OuterRef("pk")).filter(
        Q(first_name__icontains=query)
        | Q(last_name__icontains=query)
        | Q(preferred_name__icontains=query)
    )
    return (
        qs.filter(Q(family_name__icontains=query) | Exists(members))
        .prefetch_related("members")
        .order_by("family_name", "pk")
    )


def first_contact_summary(case: Case, first_contact: Contact | None, today: datetime.date):
    """Time from referral to first contact, in words, and whether it is a concern."""
    if first_contact is None:
        days = (today - case.referral_date).days
        late = not case.is_closed and days > FIRST_CONTACT_WITHIN_DAYS
        unit = "day" if days == 1 else "days"
        return {"text": f"No contact yet — {days} {unit} since referral", "late": late}
    days = (first_contact.contact_date - case.referral_date).days
    received = timezone.localtime(case.created_at) if case.created_at else None
    starts = timezone.make_aware(
        datetime.datetime.combine(first_contact.contact_date, first_contact.start_time)
    )
    if received and received.date() == case.referral_date and received <= starts:
        hours = int((starts - received).total_seconds() // 3600)
        if hours < 48:
            unit = "hour" if hours == 1 else "hours"
            text = (
                f"First contact {hours} {unit} after the referral was received"
                if hours
                else "First contact within an hour of the referral"
            )
            return {"text": text, "late": hours > 24 * FIRST_CONTACT_WITHIN_DAYS}
    if days <= 0:
        return {"text": "First contact on the day of the referral", "late": False}
    unit = "day" if days == 1 else "days"
    return {
        "text": f"First contact {days} {unit} after the referral",
        "late": days > FIRST_CONTACT_WITHIN_DAYS,
    }
