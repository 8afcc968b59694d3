"""Generated contacts with the family, and the busy case's significant-event marks."""

from __future__ import annotations

import datetime

from benchmark import text as T
from benchmark.families import busy_case_id
from benchmark.loading import stamped
from edgecare.out_of_hours import is_out_of_hours
from families.models import (
    Case,
    CaseEvent,
    Contact,
    SignificantEvent,
)

CONTACT_TYPES = [
    ("home_visit", 40),
    ("phone", 25),
    ("text", 10),
    ("school", 8),
    ("activity", 8),
    ("meeting", 6),
    ("office", 2),
    ("fgc", 1),
]
CONTACT_TYPE_NAMES = [t for t, _ in CONTACT_TYPES]
CONTACT_TYPE_WEIGHTS = [w for _, w in CONTACT_TYPES]


class ContactsAndEvents:
    """The part of the builder that writes a case's contacts and marks significant events."""

    def new_contacts(self, tb, case, members, first, last, worker_on, fill, *, busy):
        """Contacts that taper as the family copes: most in the first six weeks."""
        rng = self.rng
        span = (last - first).days + 1
        if span <= 0:
            return
        # Tapering intensity; weekends see about half a weekday's contacts.
        first_weekday = first.weekday()
        weights = [
            (1.0 if n < 42 else 0.6 if n < 112 else 0.28)
            * (0.5 if (first_weekday + n) % 7 >= 5 else 1.0)
            for n in range(span)
        ]
        if busy:
            n = self.busy_contacts
        else:
            expected = sum(weights) * (2.8 / 7)
            n = int(expected) + (1 if rng.random() < expected % 1 else 0)
        offsets = sorted(rng.choices(range(span), weights, k=n))
        people = [*members["young"], *members["carers"]]
        through = Contact.people_seen.through
        d = datetime.timedelta
        for offset in offsets:
            day = first + d(days=offset)
            weekend = day.weekday() >= 5
            if weekend:
                hour = rng.randint(10, 19)
            elif rng.random() < 0.75:
                hour = rng.randint(9, 16)
            else:
                hour = rng.choice([7, 8, 17, 18, 19, 20])
            start = datetime.time(hour, rng.choice((0, 15, 30, 45)))
            kind = rng.choices(CONTACT_TYPE_NAMES, CONTACT_TYPE_WEIGHTS)[0]
            what = " ".join(rng.sample(T.CONTACT_SENTENCES, 3)).format(**fill)
            by = worker_on(day)
            contact = Contact(
                case=case,
                contact_date=day,
                start_time=start,
                duration_minutes=rng.choice((15, 30, 45, 60, 90, 120)),
                contact_type=kind,
                young_person_seen_alone=rng.random() < 0.3,
                purpose=rng.choice(T.CONTACT_PURPOSES).format(**fill),
                what_happened=what,
                next_steps=rng.choice(T.NEXT_STEPS),
                # The app's own rule (weekends, bank holidays, before 9am / from 5pm).
                out_of_hours=is_out_of_hours(datetime.datetime.combine(day, start)),
                recorded_by=by,
            )
            tb.add("contacts", Contact, stamped(contact, day, min(hour + 1, 23)))
            for p in rng.sample(people, min(len(people), rng.choice((1, 1, 2)))):
                tb.add("contact_people_seen", through, through(contact=contact, person=p))

    def mark_busy_case_significant(self) -> None:
        case_id = busy_case_id()
        if case_id is None:
            return
        case = Case.objects.get(pk=case_id)
        marks = SignificantEvent.objects.bulk_create(_busy_case_marks(case, self.bench_worker))
        self.counts.add("significant-event marks", len(marks))


# What a worker writes when they mark an entry of the busy case as significant (fictional).
SIGNIFICANT_ANALYSES = (
    "The first visit where everyone stayed in the room to the end: a sign the family can use "
    "the calm-down plan together.",
    "Another missing episode after an argument about the phone: the pattern the plan targets.",
    "School reported a full week's attendance for the first time this term.",
    "The young person talked about what frightens them at home without walking out.",
    "A setback: the family said they could not cope, and asked about care again.",
)


def _mark_every(items: list, count: int) -> list:
    if count <= 0 or not items:
        return []
    step = max(len(items) // count, 1)
    return items[step - 1 :: step][:count]


def _busy_case_marks(case: Case, worker) -> list[SignificantEvent]:
    """About one contact in twenty-five, and every event, marked as significant, as a worker
    keeping a significant-events chronology would."""
    contacts = list(Contact.objects.filter(case=case).order_by("contact_date", "start_time", "pk"))
    events = list(CaseEvent.objects.filter(case=case).order_by("event_date", "pk"))
    every_25th = _mark_every(contacts, max(len(contacts) // 25, 1))
    chosen = [("contact", c, c.contact_date) for c in every_25th]
    chosen += [("case_event", e, e.event_date) for e in events]
    return [
        stamped(
            SignificantEvent(
                case=case,
                entry_kind=kind,
                entry_id=obj.pk,
                analysis=SIGNIFICANT_ANALYSES[n % len(SIGNIFICANT_ANALYSES)],
                marked_by=worker,
            ),
            day,
        )
        for n, (kind, obj, day) in enumerate(chosen)
    ]
