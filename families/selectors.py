"""The one way case objects are loaded: scoped to what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404, HttpRequest
from django.utils import timezone

from edgecare.access import record_access
from edgecare.models import AccessLog
from edgecare.rules import case_scope_q
from families.models import (
    AgencyInvolvement,
    Case,
    CaseQuerySet,
    Contact,
    Family,
    LegalStatus,
    LivingArrangement,
    Person,
)

# The service standard: first contact within a day of the referral (the case page, the case
# record and the outcome report all hold cases to it).
FIRST_CONTACT_WITHIN_DAYS = 1
# "Contacts in the last 14 days": today and the 13 days before (case page and caseloads).
RECENT_CONTACT_DAYS = 14


def quiet_case_days() -> int:
    """An open case with no contact for more than this many days has gone quiet: the case page,
    the case lists and the managers' dashboards all use this one setting."""
    return settings.QUIET_CASE_DAYS


def has_gone_quiet(*, last_contact_on: datetime.date | None, today: datetime.date) -> bool:
    return last_contact_on is not None and (today - last_contact_on).days > quiet_case_days()


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
    quiet_from = timezone.localdate() - datetime.timedelta(days=quiet_case_days())
    first_contact = Contact.objects.filter(case=OuterRef("pk")).order_by(
        "contact_date", "start_time"
    )
    return (
        qs.select_related("family", "service", "team", "lead_professional")
        .prefetch_related("young_people")
        .annotate(
            last_contact_on=Max("contacts__contact_date"),
            gone_quiet=ExpressionWrapper(
                Q(last_contact_on__lt=quiet_from) & ~Q(status=Case.Status.CLOSED),
                output_field=BooleanField(),
            ),
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


def case_for_user_or_404(
    request: HttpRequest, pk: int, *, record_type: AccessLog.RecordType = AccessLog.RecordType.CASE
) -> Case:
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


@dataclass(frozen=True)
class Loaded:
    """A record of a case the user may see, with what they may do with it (as Healthchecks'
    `_get_check_for_user` returns the check and the project's access). `record` is the case
    itself for pages about the case as a whole."""

    case: Case
    record: Any
    record_type: AccessLog.RecordType
    can_change: bool
    can_sign_off: bool = False

    def log(self, request: HttpRequest, action: str = AccessLog.Action.VIEW) -> None:
        """Write the access-log row for showing (or printing, exporting) this record."""
        record_access(
            request,
            action=action,
            record_type=self.record_type,
            record_id=self.record.pk,
            case_id=self.case.pk,
        )


def record_for_user_or_404(
    request: HttpRequest,
    case_pk: int,
    *,
    record_type: AccessLog.RecordType,
    queryset: QuerySet | None = None,
    pk: int | None = None,
    change_perm: str | None = None,
    sign_off_perm: str | None = None,
    log_action: str = AccessLog.Action.VIEW,
    log_record_type: AccessLog.RecordType | None = None,
) -> Loaded:
    """The one scoped loader: a record of the case `case_pk` (`queryset` filtered by the case
    and `pk`), or the case itself when no queryset is given, or 404.

    Out of scope (another team's case, or another case's record under this case's address) is
    the same 404 and a refusal in the access log. A GET, which shows the record, writes its
    "view" row here, so no page that shows case content can forget it; a page that re-shows
    the record after a refused POST calls `loaded.log(request)`. A print or download page
    writes its own row instead (`log_action`, `log_record_type`: "print", "closure-letter").
    """
    case = case_for_user_or_404(request, case_pk, record_type=record_type)
    record: Any
    if queryset is None:
        record = case
    else:
        record = queryset.filter(case=case, pk=pk).first()
        if record is None:
            record_access(
                request,
                action=AccessLog.Action.REFUSED,
                record_type=record_type,
                record_id=pk,
                case_id=case.pk,
            )
            raise Http404(f"No {record_type} found")
        record.case = case
    user = request.user
    loaded = Loaded(
        case=case,
        record=record,
        record_type=record_type,
        # Without a record's own permission: may the user add to or change the case?
        can_change=user.has_perm(change_perm, record)
        if change_perm
        else user.has_perm("families.change_case", case),
        can_sign_off=sign_off_perm is not None and user.has_perm(sign_off_perm, record),
    )
    if request.method in ("GET", "HEAD"):
        record_access(
            request,
            action=log_action,
            record_type=log_record_type or record_type,
            record_id=record.pk,
            case_id=case.pk,
        )
    return loaded


def family_for_user_or_404(
    request: HttpRequest,
    pk: int,
    *,
    record_type: AccessLog.RecordType = AccessLog.RecordType.FAMILY,
) -> Family:
    """Load one family the signed-in user may see, or 404 (and log the refusal)."""
    family = families_for_user(request.user).filter(pk=pk).first()
    if family is None:
        record_access(
            request, action=AccessLog.Action.REFUSED, record_type=record_type, record_id=pk
        )
        raise Http404("No family found")
    return family


def received_at(
    referral_date: datetime.date,
    referral_time: datetime.time | None,
    created_at: datetime.datetime | None,
) -> datetime.datetime | None:
    """When a referral came in: its recorded time, or, for a referral typed in on the day it
    came, when it was typed in; None when neither is known."""
    if referral_time is not None:
        return timezone.make_aware(datetime.datetime.combine(referral_date, referral_time))
    received = timezone.localtime(created_at) if created_at else None
    if received is not None and received.date() == referral_date:
        return received
    return None


def hours_after(
    received: datetime.datetime | None, contact_date: datetime.date, start_time: datetime.time
) -> int | None:
    """Whole hours from a referral coming in to a contact (None when its time is unknown)."""
    if received is None:
        return None
    starts = timezone.make_aware(datetime.datetime.combine(contact_date, start_time))
    return max(int((starts - received).total_seconds() // 3600), 0)


def hours_to_first_contact(case: Case, first_contact: Contact | None) -> int | None:
    """Hours from the referral to the first contact: the 24-hour standard is in hours."""
    if first_contact is None:
        return None
    received = received_at(case.referral_date, case.referral_time, case.created_at)
    return hours_after(received, first_contact.contact_date, first_contact.start_time)


def first_contact_summary(case: Case, first_contact: Contact | None, today: datetime.date):
    """Time from referral to first contact, in words, and whether it is a concern."""
    if first_contact is None:
        days = (today - case.referral_date).days
        late = not case.is_closed and days > FIRST_CONTACT_WITHIN_DAYS
        unit = "day" if days == 1 else "days"
        return {"text": f"No contact yet — {days} {unit} since referral", "late": late}
    days = (first_contact.contact_date - case.referral_date).days
    hours = hours_to_first_contact(case, first_contact)
    if hours is not None and hours < 48:
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


def contact_figures(case: Case, *, today: datetime.date) -> dict:
    """The contact figures of one case (the case page's contacts panel and the case record):
    one aggregate query."""
    figures = Contact.objects.filter(case=case).aggregate(
        total=Count("id"),
        out_of_hours=Count("id", filter=Q(out_of_hours=True)),
        seen_alone=Count("id", filter=Q(young_person_seen_alone=True)),
        recent=Count(
            "id",
            filter=Q(contact_date__gt=today - datetime.timedelta(days=RECENT_CONTACT_DAYS)),
        ),
        last_on=Max("contact_date"),
    )
    total = figures["total"]
    last_on = figures["last_on"]
    return {
        "total": total,
        "recent": figures["recent"],
        "recent_days": RECENT_CONTACT_DAYS,
        "last_on": last_on,
        "days_since_last": (today - last_on).days if last_on else None,
        "out_of_hours": figures["out_of_hours"],
        "out_of_hours_percent": round(100 * figures["out_of_hours"] / total) if total else None,
        "seen_alone": figures["seen_alone"],
    }


# --- Who a family document is for ------------------------------------------------------------


def people_the_document_is_for(case: Case, *, agreed: Iterable[Person] = ()) -> list[Person]:
    """Everyone a family-facing document (the plan, the closure letter) is addressed to: the
    young people of the case, everyone who agreed the plan (`agreed`), every carer wherever
    they live (anyone recorded as a carer, the people a young person lives with now under their
    current living arrangement, and the parents and partners at home) and everyone else living
    at home; never a person with a safety note, whoever they are.

    Parents and carers first, then the others, each by age. The one list every family document
    names; a document's signature lines take `agreed` from the plan (plans.selectors).
    """
    young_ids = {p.pk for p in case.young_people.all()}
    agreed_ids = {p.pk for p in agreed}
    # Whoever a young person lives with now cares for them (an aunt's, the other parent's).
    living_with_ids = {
        person.pk
        for arrangement in current_arrangements(case).values()
        for person in arrangement.lives_with.all()
    }
    chosen = [
        person
        for person in case.family.members.all()
        if not person.has_safety_note
        and (
            person.pk in young_ids
            or person.pk in agreed_ids
            or person.pk in living_with_ids
            or person.is_carer
            or person.lives_in_household
        )
    ]
    return sorted(
        chosen,
        key=lambda p: (
            not (p.is_parent_or_carer and p.pk not in young_ids),
            p.date_of_birth or datetime.date.max,
            p.first_name,
            p.pk,
        ),
    )


# Where young people live, and their legal status ------------------------------------------------


def arrangements_of_case(case: Case) -> QuerySet[LivingArrangement]:
    """Every arrangement of the case's young people, on any case of the family (a young
    person's home history does not restart with a new episode of work), newest first per
    young person, with the people lived with: two queries however many there are."""
    return (
        LivingArrangement.objects.filter(
            young_person__in=case.young_people.all(), young_person__family_id=case.family_id
        )
        .select_related("young_person", "recorded_by")
        .prefetch_related("lives_with")
        .order_by("young_person_id", "-started_on", "-pk")
    )


def current_arrangements(case: Case) -> dict[int, LivingArrangement]:
    """Where each young person of the case lives now: {person id: arrangement}. The one read
    the case page, the case record and the family's documents use."""
    return {a.young_person_id: a for a in arrangements_of_case(case).filter(ended_on__isnull=True)}


def current_arrangement(person: Person) -> LivingArrangement | None:
    return (
        LivingArrangement.objects.filter(young_person=person, ended_on__isnull=True)
        .prefetch_related("lives_with")
        .first()
    )


def legal_statuses_of_case(case: Case) -> QuerySet[LegalStatus]:
    """Every plan and order of the case's young people, on any case of the family, newest
    first per young person, with the people each order names."""
    return (
        LegalStatus.objects.filter(
            young_person__in=case.young_people.all(), young_person__family_id=case.family_id
        )
        .select_related("young_person", "recorded_by")
        .prefetch_related("people_named")
        .order_by("young_person_id", "-started_on", "-pk")
    )


def household_history(case: Case) -> dict:
    """The case record's picture of the family: every member, where each young person has
    lived (oldest first), their plans and orders, and every agency involved with its named
    contact. A fixed number of queries, however long the history."""
    return {
        "members": list(case.family.members.all()),
        "arrangements": list(arrangements_of_case(case).order_by("young_person_id", "started_on")),
        "legal_statuses": list(
            legal_statuses_of_case(case).order_by("young_person_id", "started_on")
        ),
        "agencies": list(
            AgencyInvolvement.objects.filter(case=case).order_by(
                "started_on", "agency_type", "agency_name", "pk"
            )
        ),
    }
