"""Demo records of where the demo young people live and the plans and orders they are under.

Runs after families.demo (which creates the families and cases) and before reviews.demo (whose
closures read where each young person lives). Every young person gets the home they lived in
when referred; three families carry the stories the record must be able to tell:

- Brennan: Riley, on a child protection plan (neglect) at referral that ends during the work
  (stepped down to a child in need plan), moves to his grandmother Maureen's, first informally
  and then under a child arrangements order naming her: kinship care under an order.
- Hussain: Zain moves from his mum's to his aunt Nadia's during the work, then to his dad's.
- Fairweather: Ellie lives with her grandparents under a special guardianship order.

Everyone here is invented. Dates are offsets from `demo.today`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from edgecare.models import User
from families import services
from families.models import ArrangementKind, Case, LegalStatus, Person

K = ArrangementKind


def _days(today: datetime.date, n: int) -> datetime.date:
    return today - datetime.timedelta(days=n)


def _case(family_name: str, status: str | None = None) -> Case:
    qs = Case.objects.filter(family__family_name=family_name).order_by("-referral_date")
    if status:
        qs = qs.filter(status=status)
    return qs.first()


def _after_referral(case: Case, days: int) -> datetime.date:
    return case.referral_date + datetime.timedelta(days=days)


def _member(case: Case, first_name: str) -> Person:
    return case.family.members.get(first_name=first_name)


def _home_when_referred(case: Case, person: Person, worker: User, rng) -> None:
    """Where a young person lived when first referred: with the parents and carers recorded as
    living in the household (or, with none, with the rest of the household)."""
    household = [m for m in case.family.members.all() if m.lives_in_household and m.pk != person.pk]
    carers = [m for m in household if m.is_parent_or_carer or m.relationship == "grandparent"]
    first_referral = (
        Case.objects.filter(family=case.family).order_by("referral_date").first().referral_date
    )
    since = first_referral - datetime.timedelta(days=365 * rng.randint(2, 6))
    if person.date_of_birth and since < person.date_of_birth:
        since = person.date_of_birth
    with_parents = any(m.is_parent_or_carer for m in carers)
    services.record_move(
        case=case,
        young_person=person,
        recorded_by=worker,
        kind=K.WITH_PARENTS if with_parents else K.KINSHIP_INFORMAL,
        lives_with=carers or household,
        started_on=since,
        reason="Living with the family when referred.",
    )


def _record_story(
    case: Case, young_person: Person, *, homes: Iterable[dict], orders: Iterable[dict] = ()
) -> set[int]:
    """One young person's story, recorded by the case's lead professional as a worker would:
    each home in turn (a move closes the one before), then the plans and orders they were
    under. The young person is then done: the loop in `build` leaves them alone."""
    worker = case.lead_professional
    for home in homes:
        services.record_move(case=case, young_person=young_person, recorded_by=worker, **home)
    for order in orders:
        services.record_legal_status(
            case=case, young_person=young_person, recorded_by=worker, **order
        )
    return {young_person.pk}


def _brennan(today: datetime.date) -> set[int]:
    case = _case("Brennan", Case.Status.ACTIVE)
    riley, kelly, maureen = (_member(case, n) for n in ("Riley", "Kelly", "Maureen"))
    return _record_story(
        case,
        riley,
        homes=[
            {
                "kind": K.WITH_PARENTS,
                "lives_with": [kelly],
                "started_on": riley.date_of_birth,
                "ended_on": _after_referral(case, 20),
                "reason": "Riley has always lived with his mum.",
            },
            {
                "kind": K.KINSHIP_INFORMAL,
                "lives_with": [maureen],
                "started_on": _after_referral(case, 20),
                "reason": "Kelly went into residential treatment; the family group conference "
                "agreed Riley would live with his nan Maureen.",
            },
            {
                "kind": K.KINSHIP_ORDER,
                "lives_with": [maureen],
                "started_on": _after_referral(case, 55),
                "reason": "The family court made a child arrangements order: Riley lives with "
                "Maureen and sees Kelly every weekend.",
            },
        ],
        orders=[
            {
                "kind": LegalStatus.Kind.CHILD_PROTECTION,
                "protection_category": LegalStatus.ProtectionCategory.NEGLECT,
                "started_on": case.referral_date - datetime.timedelta(days=6),
                "ended_on": _after_referral(case, 62),
                "notes": "Ended at the review child protection conference: stepped down to a "
                "child in need plan.",
            },
            {"kind": LegalStatus.Kind.CHILD_IN_NEED, "started_on": _after_referral(case, 63)},
            {
                "kind": LegalStatus.Kind.CHILD_ARRANGEMENTS,
                "people_named": [maureen],
                "started_on": _after_referral(case, 55),
                "notes": "Fernbridge Family Court. Lives with his grandmother; time with his mum "
                "at weekends.",
            },
        ],
    )


def _hussain(today: datetime.date) -> set[int]:
    case = _case("Hussain")
    zain, saima, tariq = (_member(case, n) for n in ("Zain", "Saima", "Tariq"))
    nadia = Person.objects.create(
        family=case.family,
        first_name="Nadia",
        last_name="Hussain",
        date_of_birth=_days(today, 365 * 36 + 100),
        gender=Person.Gender.FEMALE,
        relationship=Person.Relationship.AUNT_UNCLE,
        lives_in_household=False,
        notes="Tariq's sister; lives two streets away.",
    )
    return _record_story(
        case,
        zain,
        homes=[
            {
                "kind": K.WITH_PARENTS,
                "lives_with": [saima],
                "started_on": zain.date_of_birth,
                "ended_on": _after_referral(case, 3),
                "reason": "Lived with his mum since his parents separated; weekends at his dad's.",
            },
            {
                "kind": K.KINSHIP_INFORMAL,
                "lives_with": [nadia],
                "started_on": _after_referral(case, 3),
                "reason": "After a row at home Zain went to his aunt Nadia's; Saima and Tariq "
                "agreed he would stay there for a cooling-off week.",
            },
            {
                "kind": K.WITH_PARENTS,
                "lives_with": [tariq],
                "started_on": _after_referral(case, 10),
                "reason": "Both parents agreed Zain would live with his dad for now, with tea at "
                "his mum's on Wednesdays and Sundays.",
            },
        ],
    )


def _fairweather(today: datetime.date) -> set[int]:
    case = _case("Fairweather")
    ellie, pat, ron = (_member(case, n) for n in ("Ellie-Mae", "Patricia", "Ronald"))
    since = ellie.date_of_birth.replace(year=ellie.date_of_birth.year + 8)
    return _record_story(
        case,
        ellie,
        homes=[
            {
                "kind": K.KINSHIP_ORDER,
                "lives_with": [pat, ron],
                "started_on": since,
                "reason": "Special guardianship with her grandparents since she was eight.",
            }
        ],
        orders=[
            {
                "kind": LegalStatus.Kind.SPECIAL_GUARDIANSHIP,
                "people_named": [pat, ron],
                "started_on": since,
            },
            {
                "kind": LegalStatus.Kind.CHILD_PROTECTION,
                "protection_category": LegalStatus.ProtectionCategory.SEXUAL,
                "started_on": case.referral_date - datetime.timedelta(days=10),
                "notes": "Risk of sexual exploitation by an adult outside the family.",
            },
        ],
    )


def build(demo, rng) -> None:
    today = demo.today
    done = _brennan(today) | _hussain(today) | _fairweather(today)
    # Everyone else: the home they lived in when first referred, and the statutory plan the
    # family record names (recorded as in force since shortly before that referral).
    for case in (
        Case.objects.filter(family__organisation=demo.organisation)
        .select_related("family", "lead_professional", "created_by")
        .prefetch_related("young_people")
        .order_by("referral_date", "pk")
    ):
        worker = case.lead_professional or case.created_by
        for person in case.young_people.all():
            if person.pk in done:
                continue
            done.add(person.pk)
            _home_when_referred(case, person, worker, rng)
            if person.statutory_plan in (LegalStatus.Kind.CHILD_IN_NEED, "cp"):
                services.record_legal_status(
                    case=case,
                    young_person=person,
                    recorded_by=worker,
                    kind=person.statutory_plan,
                    protection_category=LegalStatus.ProtectionCategory.EMOTIONAL
                    if person.statutory_plan == "cp"
                    else "",
                    started_on=case.referral_date - datetime.timedelta(days=rng.randint(7, 60)),
                )
