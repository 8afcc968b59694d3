"""Factories for test data. Every name and place is invented."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from edgecare.models import Organisation, Service, Team, User
from families.models import (
    AgencyInvolvement,
    Allocation,
    Case,
    CaseEvent,
    ConsentRecord,
    Contact,
    Decision,
    Family,
    InformationShare,
    Person,
    SignificantEvent,
)

TEST_PASSWORD = "correct-horse-battery-staple-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    out_of_hours_phone = "0300 555 0100"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Intensive Family Support {n}")
    intervention_model = Service.InterventionModel.IFPS


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Edge of Care Team {n}")
    phone = "0300 555 0101"
    out_of_hours_arrangement = "Evenings and weekends, call 0300 555 0102."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"worker{n}")
    first_name = factory.Sequence(lambda n: f"Worker{n}")
    last_name = "Testperson"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    role = User.Role.KEY_WORKER
    team = factory.SubFactory(TeamFactory)
    organisation = factory.LazyAttribute(lambda u: u.team.service.organisation if u.team else None)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    organisation = factory.SubFactory(OrganisationFactory)
    family_name = factory.Sequence(lambda n: f"Testfamily{n}")
    address_line_1 = factory.Sequence(lambda n: f"{n} Imaginary Road")
    town = "Fernbridge"
    postcode = "ZZ1 1ZZ"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = factory.LazyAttribute(lambda p: p.family.family_name)
    date_of_birth = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=14 * 365)
    )
    relationship = Person.Relationship.YOUNG_PERSON
    is_focus = True
    # A mother holds parental responsibility from birth, and most fathers are named at birth.
    parental_responsibility = factory.LazyAttribute(
        lambda p: {
            Person.Relationship.MOTHER: Person.ParentalResponsibility.BIRTH_MOTHER,
            Person.Relationship.FATHER: Person.ParentalResponsibility.FATHER_NAMED_AT_BIRTH,
        }.get(p.relationship, Person.ParentalResponsibility.NONE)
    )


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    service = factory.LazyAttribute(lambda c: c.team.service)
    family = factory.SubFactory(
        FamilyFactory, organisation=factory.SelfAttribute("..team.service.organisation")
    )
    referral_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    referral_source = Case.ReferralSource.SCHOOL
    presenting_concerns = "Arguments at home most nights; missing school."
    status = Case.Status.ACTIVE

    @factory.post_generation
    def young_people(obj, create, extracted, **kwargs):
        if not create:
            return
        people = extracted if extracted is not None else [PersonFactory(family=obj.family)]
        obj.young_people.set(people)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    case = factory.SubFactory(CaseFactory)
    outcome = Decision.Outcome.SUPPORT_AT_HOME
    made_by = Decision.MadeBy.PANEL
    decided_on = factory.LazyAttribute(lambda d: d.case.referral_date)
    decided_by_name = "Edge of care panel, chaired by the head of service"
    risks = "Risk of family breakdown."
    strengths = "Mother wants to keep her son at home; good school attendance until recently."
    rationale = "Strengths outweigh risks if intensive support starts this week."
    recorded_by = factory.SubFactory(UserFactory)
    # In force unless a test makes it pending (confirmed_at=None, decider=...).
    confirmed_at = factory.LazyFunction(timezone.now)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    case = factory.SubFactory(CaseFactory)
    worker = factory.SubFactory(UserFactory)
    allocated_by = factory.SubFactory(UserFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    contact_date = factory.LazyAttribute(
        lambda c: c.case.referral_date + datetime.timedelta(days=1)
    )
    start_time = datetime.time(18, 30)
    duration_minutes = 60
    contact_type = Contact.ContactType.HOME_VISIT
    purpose = "Evening visit"
    what_happened = "Talked through the evening routine."
    recorded_by = factory.SubFactory(UserFactory)


# Records kept on a case (contacts are above): events, agencies, consent, sharing, marks.


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    event_date = factory.LazyAttribute(lambda e: e.case.referral_date + datetime.timedelta(days=2))
    kind = CaseEvent.Kind.MISSING
    summary = "Missing overnight; found by police at a friend's flat at 7am."
    source = "Police"
    recorded_by = factory.SubFactory(UserFactory)


class AgencyInvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyInvolvement

    case = factory.SubFactory(CaseFactory)
    agency_type = AgencyInvolvement.AgencyType.SCHOOL
    agency_name = factory.Sequence(lambda n: f"Imaginary Academy {n}")
    contact_name = "Ms Testington"
    contact_role = "Head of year 9"
    phone = "0300 555 0110"
    part_in_work = "Daily attendance check and a named adult on site."
    started_on = factory.LazyAttribute(lambda a: a.case.referral_date)


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    case = factory.SubFactory(CaseFactory)
    given_by = factory.LazyAttribute(
        lambda c: PersonFactory(
            family=c.case.family,
            relationship=Person.Relationship.MOTHER,
            is_focus=False,
            first_name="Parent",
        )
    )
    given_on = factory.LazyAttribute(lambda c: c.case.referral_date)
    agencies = "School, CAMHS"
    scope = "Attendance, behaviour and how things are at home."
    recorded_by = factory.SubFactory(UserFactory)


class InformationShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationShare

    case = factory.SubFactory(CaseFactory)
    shared_on = factory.LazyAttribute(lambda s: s.case.referral_date + datetime.timedelta(days=3))
    shared_with = "Imaginary Academy, head of year"
    what = "Attendance plan agreed with the family."
    why = "So school can support the morning routine."
    lawful_basis = InformationShare.LawfulBasis.SAFEGUARDING
    shared_by = factory.SubFactory(UserFactory)


class SignificantEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignificantEvent

    case = factory.SubFactory(CaseFactory)
    entry_kind = "referral"
    entry_id = factory.LazyAttribute(lambda m: m.case.pk)
    analysis = "The first time the family asked for help themselves."
    marked_by = factory.SubFactory(UserFactory)
