"""The families app's chronology kinds (listed in order, with their labels, by
casefile.chronology).

The chronology is derived from the records themselves, never typed twice. Each provider runs a
fixed number of queries for a case, however many entries it returns.
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from families.case_parts import ChronologyEntry
from families.models import (
    AgencyInvolvement,
    Allocation,
    Case,
    CaseEvent,
    ConsentRecord,
    Contact,
    Decision,
    InformationShare,
    Person,
)
from families.selectors import arrangements_of_case, legal_statuses_of_case


def _name(user) -> str:
    return str(user) if user is not None else ""


def referral_entries(case: Case) -> list[ChronologyEntry]:
    source = case.get_referral_source_display()
    who = f" ({case.referrer_name})" if case.referrer_name else ""
    title = f"Referred by {source[0].lower()}{source[1:]}{who}"
    if case.parent_requested_accommodation:
        title += ": a parent or carer asked for the young person to be accommodated"
    return [
        ChronologyEntry(
            kind="referral",
            id=case.pk,
            date=case.referral_date,
            title=title,
            summary=case.presenting_concerns,
            url=case.get_absolute_url(),
        )
    ]


def decision_entries(case: Case) -> list[ChronologyEntry]:
    decisions = Decision.objects.filter(case=case).select_related("recorded_by")
    return [
        ChronologyEntry(
            kind="decision",
            id=d.pk,
            date=d.decided_on,
            title=f"Decision: {d.get_outcome_display().lower()} ({d.get_made_by_display()})",
            summary=d.rationale,
            url=case.get_absolute_url(),
            by=d.decided_by_name,
        )
        for d in decisions
    ]


def allocation_entries(case: Case) -> list[ChronologyEntry]:
    allocations = Allocation.objects.filter(case=case).select_related("worker", "allocated_by")
    entries = []
    for a in allocations:
        started = timezone.localtime(a.started_at)
        entries.append(
            ChronologyEntry(
                kind="allocation",
                id=a.pk,
                date=started.date(),
                time=started.time().replace(second=0, microsecond=0),
                title=f"Allocated to {a.worker}",
                summary=a.reason,
                url=case.get_absolute_url(),
                by=_name(a.allocated_by),
            )
        )
    return entries


def contact_entries(case: Case) -> list[ChronologyEntry]:
    # A busy case has hundreds of contacts, so they are read as plain values, not model
    # instances, and only what an entry shows: the notes themselves (what happened, next steps)
    # stay in the database. The link is built once, not reversed per contact.
    contacts = Contact.objects.filter(case=case).values_list(
        "id",
        "contact_date",
        "start_time",
        "duration_minutes",
        "contact_type",
        "purpose",
        "young_person_seen_alone",
        "out_of_hours",
        "recorded_by__first_name",
        "recorded_by__last_name",
        "recorded_by__username",
    )
    seen: dict[int, list[str]] = defaultdict(list)
    # The people seen, in the order a family's members are listed everywhere else.
    person_order = [
        f"-person__{f[1:]}" if f.startswith("-") else f"person__{f}" for f in Person._meta.ordering
    ]
    people = (
        Contact.people_seen.through.objects.filter(contact__case=case)
        .order_by("contact_id", *person_order, "person_id")
        .values_list(
            "contact_id", "person__preferred_name", "person__first_name", "person__last_name"
        )
    )
    for contact_id, preferred, first, last in people:
        seen[contact_id].append(f"{preferred or first} {last}".strip())
    contact_url = reverse("families:contact_detail", args=[case.pk, 0]).removesuffix("0/")
    type_labels = dict(Contact.ContactType.choices)
    entries = []
    for (
        pk,
        day,
        start,
        minutes,
        contact_type,
        purpose,
        seen_alone,
        out_of_hours,
        first_name,
        last_name,
        username,
    ) in contacts:
        parts = [purpose]
        if seen[pk]:
            parts.append(f"Seen: {', '.join(seen[pk])}.")
        if seen_alone:
            parts.append("Young person seen alone.")
        title = f"{type_labels.get(contact_type, contact_type)}, {minutes} minutes"
        if out_of_hours:
            title += ", out of hours"
        entries.append(
            ChronologyEntry(
                kind="contact",
                id=pk,
                date=day,
                time=start,
                title=title,
                summary=" ".join(parts),
                url=f"{contact_url}{pk}/",
                # As User.__str__ has it: the full name, or the username if there is none.
                by=f"{first_name or ''} {last_name or ''}".strip() or (username or ""),
            )
        )
    return entries


def case_event_entries(case: Case) -> list[ChronologyEntry]:
    events = CaseEvent.objects.filter(case=case).select_related("recorded_by")
    url = reverse("families:case_events", args=[case.pk])
    return [
        ChronologyEntry(
            kind="case_event",
            id=e.pk,
            date=e.event_date,
            title=f"{e.get_kind_display()}: {e.summary}",
            summary=f"Who told us: {e.source}" if e.source else "",
            url=f"{url}#event-{e.pk}",
            by=_name(e.recorded_by),
        )
        for e in events
    ]


def agency_entries(case: Case) -> list[ChronologyEntry]:
    url = reverse("families:case_agencies", args=[case.pk])
    entries = []
    for a in AgencyInvolvement.objects.filter(case=case):
        # Without a known start, the day we recorded them is the best date we have.
        day = a.started_on or timezone.localtime(a.created_at).date()
        entries.append(
            ChronologyEntry(
                kind="agency",
                id=a.pk,
                date=day,
                title=f"{a.agency_name} involved ({a.get_agency_type_display()})",
                summary=f"Named contact: {a.contact_name}. {a.part_in_work}",
                url=f"{url}#agency-{a.pk}",
            )
        )
    return entries


def _consent_summary(c: ConsentRecord) -> str:
    return f"May share: {c.scope} With: {c.agencies}"


def consent_given_entries(case: Case) -> list[ChronologyEntry]:
    url = reverse("families:case_consent", args=[case.pk])
    consents = ConsentRecord.objects.filter(case=case).select_related("given_by", "recorded_by")
    return [
        ChronologyEntry(
            kind="consent_given",
            id=c.pk,
            date=c.given_on,
            title=f"Consent to share information given by {c.given_by.full_name}",
            summary=_consent_summary(c),
            url=f"{url}#consent-{c.pk}",
            by=_name(c.recorded_by),
        )
        for c in consents
    ]


def consent_withdrawn_entries(case: Case) -> list[ChronologyEntry]:
    url = reverse("families:case_consent", args=[case.pk])
    consents = ConsentRecord.objects.filter(case=case, withdrawn_on__isnull=False).select_related(
        "given_by"
    )
    return [
        ChronologyEntry(
            kind="consent_withdrawn",
            id=c.pk,
            date=c.withdrawn_on,
            title=f"Consent withdrawn by {c.given_by.full_name}",
            summary=f"Consent given on {c.given_on:%-d %B %Y} no longer applies.",
            url=f"{url}#consent-{c.pk}",
        )
        for c in consents
    ]


def information_share_entries(case: Case) -> list[ChronologyEntry]:
    url = reverse("families:case_consent", args=[case.pk])
    shares = InformationShare.objects.filter(case=case).select_related("shared_by")
    return [
        ChronologyEntry(
            kind="information_share",
            id=s.pk,
            date=s.shared_on,
            title=f"Information shared with {s.shared_with} ({s.get_lawful_basis_display()})",
            summary=f"{s.what} Why: {s.why}",
            url=f"{url}#share-{s.pk}",
            by=_name(s.shared_by),
        )
        for s in shares
    ]


def arrangement_entries(case: Case) -> list[ChronologyEntry]:
    """Each young person's moves: where they started living, and with whom."""
    url = reverse("families:case_living", args=[case.pk])
    return [
        ChronologyEntry(
            kind="living_arrangement",
            id=a.pk,
            date=a.started_on,
            title=f"{a.young_person.full_name} lives {a.where()}",
            summary=a.reason,
            url=url,
            by=_name(a.recorded_by),
        )
        for a in arrangements_of_case(case)
    ]


def legal_status_entries(case: Case) -> list[ChronologyEntry]:
    """Plans and orders starting."""
    url = reverse("families:case_living", args=[case.pk])
    return [
        ChronologyEntry(
            kind="legal_status",
            id=s.pk,
            date=s.started_on,
            title=f"{s.young_person.full_name}: {s.described()} started",
            summary=s.notes,
            url=url,
            by=_name(s.recorded_by),
        )
        for s in legal_statuses_of_case(case)
    ]


def legal_status_ended(case: Case) -> list[ChronologyEntry]:
    """Plans and orders ending."""
    url = reverse("families:case_living", args=[case.pk])
    return [
        ChronologyEntry(
            kind="legal_status_ended",
            id=s.pk,
            date=s.ended_on,
            title=f"{s.young_person.full_name}: {s.get_kind_display().lower()} ended",
            url=url,
            by=_name(s.recorded_by),
        )
        for s in legal_statuses_of_case(case).filter(ended_on__isnull=False)
    ]
