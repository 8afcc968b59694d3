"""Case-page panels and next steps of the families app's records (registered with
families.registry): contacts and their intensity, agencies involved, consent and sharing.

Each panel runs a fixed number of queries, however long the case has been open.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from edgecare.charts import simple_bar_chart
from families.models import AgencyInvolvement, Case, ConsentRecord, Contact, InformationShare
from families.registry import NextStep, register_case_panel, register_next_steps

RECENT_DAYS = 14
INTENSITY_WEEKS = 12
LATEST_CONTACTS = 5
LATEST_SHARES = 3
# An open case with no contact for longer than this is flagged on the case page.
QUIET_AFTER_DAYS = 7


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weekly_contact_counts(
    case: Case, *, today: datetime.date, weeks: int = INTENSITY_WEEKS
) -> list[tuple[datetime.date, int]]:
    """(Monday, number of contacts) for the last `weeks` weeks, oldest first, this week last."""
    first = week_start(today) - datetime.timedelta(weeks=weeks - 1)
    counts = {first + datetime.timedelta(weeks=i): 0 for i in range(weeks)}
    days = Contact.objects.filter(
        case=case, contact_date__gte=first, contact_date__lte=today
    ).values_list("contact_date", flat=True)
    for day in days:
        counts[week_start(day)] += 1
    return sorted(counts.items())


def contact_figures(case: Case, *, today: datetime.date) -> dict:
    figures = Contact.objects.filter(case=case).aggregate(
        total=Count("id"),
        out_of_hours=Count("id", filter=Q(out_of_hours=True)),
        recent=Count(
            "id",
            filter=Q(contact_date__gt=today - datetime.timedelta(days=RECENT_DAYS)),
        ),
        last_on=Max("contact_date"),
    )
    total = figures["total"]
    last_on = figures["last_on"]
    return {
        "total": total,
        "recent": figures["recent"],
        "recent_days": RECENT_DAYS,
        "last_on": last_on,
        "days_since_last": (today - last_on).days if last_on else None,
        "out_of_hours": figures["out_of_hours"],
        "out_of_hours_percent": round(100 * figures["out_of_hours"] / total) if total else None,
    }


@register_case_panel(20, "families/records/panel_contacts.html")
def contacts_panel(request, case: Case) -> dict:
    today = timezone.localdate()
    latest = list(
        Contact.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related("people_seen")
        .order_by("-contact_date", "-start_time", "-id")[:LATEST_CONTACTS]
    )
    weeks = weekly_contact_counts(case, today=today)
    rows = [(f"w/c {monday:%-d %b}", count) for monday, count in weeks]
    chart = simple_bar_chart(
        rows,
        title=f"Contacts per week, last {INTENSITY_WEEKS} weeks (w/c: week commencing)",
        width=560,
    )
    return {
        "case": case,
        "latest_contacts": latest,
        "figures": contact_figures(case, today=today),
        "weeks": rows,
        "intensity_chart": chart,
        "intensity_weeks": INTENSITY_WEEKS,
        "can_change": request.user.has_perm("families.change_case", case),
    }


@register_case_panel(30, "families/records/panel_agencies.html")
def agencies_panel(request, case: Case) -> dict:
    agencies = list(AgencyInvolvement.objects.filter(case=case))
    return {
        "case": case,
        "current_agencies": [a for a in agencies if a.ended_on is None],
        "ended_agency_count": sum(1 for a in agencies if a.ended_on is not None),
        "can_change": request.user.has_perm("families.change_case", case),
    }


@register_case_panel(40, "families/records/panel_consent.html")
def consent_panel(request, case: Case) -> dict:
    return {
        "case": case,
        "current_consents": list(
            ConsentRecord.objects.filter(case=case, withdrawn_on__isnull=True).select_related(
                "given_by"
            )
        ),
        "withdrawn_consent_count": ConsentRecord.objects.filter(
            case=case, withdrawn_on__isnull=False
        ).count(),
        "latest_shares": list(InformationShare.objects.filter(case=case)[:LATEST_SHARES]),
        "can_change": request.user.has_perm("families.change_case", case),
    }


@register_next_steps
def contact_next_steps(case: Case) -> list[NextStep]:
    if case.is_closed or case.status == Case.Status.REFERRED:
        return []
    today = timezone.localdate()
    last_on = Contact.objects.filter(case=case).aggregate(last=Max("contact_date"))["last"]
    add_url = reverse("families:contact_add", args=[case.pk])
    if last_on is None:
        return [
            NextStep(
                text="Record the first contact with the family",
                url=add_url,
                due=case.referral_date + datetime.timedelta(days=1),
                overdue=(today - case.referral_date).days > 1,
            )
        ]
    quiet_for = (today - last_on).days
    if quiet_for > QUIET_AFTER_DAYS:
        return [
            NextStep(
                text=f"No contact for {quiet_for} days: see the family and record it",
                url=add_url,
                due=last_on + datetime.timedelta(days=QUIET_AFTER_DAYS),
                overdue=True,
            )
        ]
    return []


@register_next_steps
def consent_next_steps(case: Case) -> list[NextStep]:
    if case.is_closed or case.status == Case.Status.REFERRED:
        return []
    if ConsentRecord.objects.filter(case=case, withdrawn_on__isnull=True).exists():
        return []
    return [
        NextStep(
            text="Record what the family agrees may be shared, and with whom",
            url=reverse("families:consent_add", args=[case.pk]),
        )
    ]
