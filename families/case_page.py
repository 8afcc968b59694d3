"""The families app's part of the case page (listed in order by casefile.case_page): panels for
contacts and their intensity, agencies involved, consent and sharing; and the next steps of the
referral, the first contact and consent.

Each panel runs a fixed number of queries, however long the case has been open.
"""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from edgecare.charts import simple_bar_chart
from edgecare.dates import add_working_days
from families.case_parts import JourneyTask, NextStep, TaskStatus, once_per_case
from families.models import AgencyInvolvement, Case, ConsentRecord, Contact, InformationShare
from families.selectors import (
    FIRST_CONTACT_WITHIN_DAYS,
    contact_figures,
    current_arrangements,
    has_gone_quiet,
    legal_statuses_of_case,
    quiet_case_days,
)

INTENSITY_WEEKS = 12
LATEST_CONTACTS = 5
LATEST_SHARES = 3
# The edge-of-care decision (within a week), and the lead professional, are due this many
# working days after referral: a manager's and a panel's tasks, so a due date never lands on a
# weekend or a bank holiday. The first contact is held to its 24-hour standard instead (the
# service works evenings and weekends), so its due date is the next calendar day.
DECISION_DUE_WITHIN_WORKING_DAYS = 5
ALLOCATION_DUE_WITHIN_WORKING_DAYS = 2


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


def living_panel(request, case: Case) -> dict:
    """Where each young person lives now ("lives with ... since ...") and the plans and
    orders in force: four queries, however long the history."""
    current = current_arrangements(case)
    in_force = list(legal_statuses_of_case(case).filter(ended_on__isnull=True))
    return {
        "case": case,
        "living_rows": [
            {
                "person": person,
                "current": current.get(person.pk),
                "statuses": [s for s in in_force if s.young_person_id == person.pk],
            }
            for person in case.young_people.all()
        ],
        "can_change": request.user.has_perm("families.change_case", case),
    }


def agencies_panel(request, case: Case) -> dict:
    agencies = list(AgencyInvolvement.objects.filter(case=case))
    return {
        "case": case,
        "current_agencies": [a for a in agencies if a.ended_on is None],
        "ended_agency_count": sum(1 for a in agencies if a.ended_on is not None),
        "can_change": request.user.has_perm("families.change_case", case),
    }


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


def referral_next_steps(request, case: Case, *, decisions: list, today) -> list[NextStep]:
    """The decision and the allocation; linked only for who may do them."""
    if case.is_closed:
        return []
    steps = []
    if not decisions:
        can_change = request.user.has_perm("families.change_case", case)
        due = add_working_days(case.referral_date, DECISION_DUE_WITHIN_WORKING_DAYS)
        steps.append(
            NextStep(
                "Decision: awaiting rationale",
                url=reverse("families:decision_add", args=[case.pk]) if can_change else None,
                due=due,
                overdue=today > due,
            )
        )
    if case.lead_professional_id is None:
        can_manage = request.user.has_perm("families.manage_case", case)
        due = add_working_days(case.referral_date, ALLOCATION_DUE_WITHIN_WORKING_DAYS)
        steps.append(
            NextStep(
                "Allocate a lead professional",
                url=reverse("families:case_allocate", args=[case.pk]) if can_manage else None,
                due=due,
                overdue=today > due,
            )
        )
    return steps


def contact_next_steps(case: Case) -> list[NextStep]:
    """The first contact (held to the service standard, FIRST_CONTACT_WITHIN_DAYS) and a case
    gone quiet (the one quiet-case setting)."""
    if case.is_closed:
        return []
    today = timezone.localdate()
    last_on = Contact.objects.filter(case=case).aggregate(last=Max("contact_date"))["last"]
    add_url = reverse("families:contact_add", args=[case.pk])
    if last_on is None:
        return [
            NextStep(
                text="Record the first contact with the family",
                url=add_url,
                due=case.referral_date + datetime.timedelta(days=FIRST_CONTACT_WITHIN_DAYS),
                overdue=(today - case.referral_date).days > FIRST_CONTACT_WITHIN_DAYS,
            )
        ]
    if has_gone_quiet(last_contact_on=last_on, today=today):
        quiet_for = (today - last_on).days
        return [
            NextStep(
                text=f"No contact for {quiet_for} days: see the family and record it",
                url=add_url,
                due=last_on + datetime.timedelta(days=quiet_case_days()),
                overdue=True,
            )
        ]
    return []


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


def journey_tasks(request, case: Case) -> list[JourneyTask]:
    """The referral and the edge-of-care decision, as the first tasks of the case journey.
    Linked to their forms for who may change the case; otherwise to where they are shown."""
    can_change = request.user.has_perm("families.change_case", case)
    referral_url = (
        reverse("families:case_edit", args=[case.pk])
        if can_change
        else case.family.get_absolute_url()
    )
    if case.lead_professional_id is None:
        referral = JourneyTask(
            "Referral",
            TaskStatus.IN_PROGRESS,
            url=referral_url,
            hint="Recorded; no lead professional allocated yet",
        )
    else:
        referral = JourneyTask(
            "Referral",
            TaskStatus.COMPLETED,
            url=referral_url,
            hint=f"Received {case.referral_date:%-d %B %Y}",
        )
    decision = once_per_case(
        case, "latest_decision", lambda: case.decisions.order_by("-decided_on", "-pk").first()
    )
    if decision is not None:
        task = JourneyTask(
            "Edge-of-care decision",
            TaskStatus.COMPLETED,
            url=f"{case.get_absolute_url()}#decision",
            hint=f"{decision.get_outcome_display()}, {decision.decided_on:%-d %B %Y}",
        )
    else:
        task = JourneyTask(
            "Edge-of-care decision",
            TaskStatus.NOT_STARTED,
            url=reverse("families:decision_add", args=[case.pk])
            if can_change
            else f"{case.get_absolute_url()}#decision",
            hint="Due within a week of the referral, with its rationale",
        )
    return [referral, task]
