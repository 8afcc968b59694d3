"""The benchmark's data generator, at a tiny scale: it runs, and what it makes hangs together."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from assessments.models import Assessment, DomainAssessment, OutcomeDomain
from benchmark import generate

# The benchmark app is installed only by benchmark.settings, so the command is called as an
# object rather than by name.
from benchmark.management.commands.generate_large_dataset import (
    Command as GenerateLargeDataset,
)
from edgecare.models import Organisation, Service, Team, User
from edgecare.out_of_hours import is_out_of_hours
from families.models import Case, Contact, Family, Person, SignificantEvent
from plans.models import Plan
from reviews.models import Closure, FollowUpCheck, Review, ReviewDomainScore

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def generated(db):
    out = StringIO()
    call_command(
        GenerateLargeDataset(),
        "--scale",
        "0.002",
        "--today",
        TODAY.isoformat(),
        "--busy-contacts",
        "60",
        stdout=out,
    )
    return out.getvalue()


def test_the_generator_prints_its_counts_time_and_the_busy_case(generated):
    assert "Done in" in generated
    busy_id = generate.busy_case_id()
    assert f"BUSY_CASE_ID={busy_id}" in generated
    assert "contacts" in generated


def test_one_fictional_organisation_with_three_services_twelve_teams_and_120_staff(generated):
    org = Organisation.objects.get()
    assert org.name == generate.ORGANISATION_NAME
    assert Service.objects.filter(organisation=org).count() == 3
    assert Team.objects.filter(service__organisation=org).count() == 12
    assert User.objects.filter(organisation=org).count() == 120
    assert User.objects.get(username=generate.BENCH_WORKER).role == "key_worker"
    assert User.objects.get(username=generate.BENCH_SERVICE_MANAGER).role == "service_manager"


def test_the_benchmark_accounts_have_the_printed_password(generated):
    for username in (generate.BENCH_WORKER, generate.BENCH_TEAM_MANAGER):
        assert User.objects.get(username=username).check_password(generate.BENCH_PASSWORD)


def test_the_busy_case_has_exactly_the_asked_for_contacts_reviews_and_a_closure(generated):
    busy = Case.objects.get(pk=generate.busy_case_id())
    assert busy.contacts.count() == 60
    assert busy.reviews.count() >= 2
    assert busy.status == Case.Status.CLOSED
    assert Closure.objects.in_force().filter(case=busy).exists()
    assert busy.lead_professional.username == generate.BENCH_WORKER


def test_the_busy_case_has_about_one_contact_in_25_marked_significant(generated):
    busy = Case.objects.get(pk=generate.busy_case_id())
    marks = SignificantEvent.objects.filter(case=busy)
    contact_marks = marks.filter(entry_kind="contact")
    assert contact_marks.count() == 60 // 25
    contact_ids = set(busy.contacts.values_list("pk", flat=True))
    assert set(contact_marks.values_list("entry_id", flat=True)) <= contact_ids
    assert all(m.analysis for m in marks)
    event_ids = set(busy.events.values_list("pk", flat=True))
    assert set(marks.filter(entry_kind="case_event").values_list("entry_id", flat=True)) == (
        event_ids
    )


def test_the_benchmark_key_worker_has_open_cases_at_any_scale(generated):
    worker = User.objects.get(username=generate.BENCH_WORKER)
    assert Case.objects.open().filter(lead_professional=worker).count() >= 3


def test_every_case_sits_in_its_teams_service_with_a_lead_professional_of_that_team(generated):
    for case in Case.objects.select_related("team", "lead_professional"):
        assert case.team.service_id == case.service_id
        assert case.lead_professional.team_id == case.team_id
        assert case.young_people.exists()
    assert Family.objects.count() == 10
    assert Person.objects.filter(relationship="young_person").count() >= 10


def test_out_of_hours_is_the_applications_own_rule(generated):
    for contact in Contact.objects.all()[:500]:
        expected = is_out_of_hours(
            datetime.datetime.combine(contact.contact_date, contact.start_time)
        )
        assert contact.out_of_hours == expected


def test_no_record_is_dated_after_the_anchor_day(generated):
    assert not Contact.objects.filter(contact_date__gt=TODAY).exists()
    assert not Review.objects.filter(review_date__gt=TODAY).exists()
    assert not Case.objects.filter(referral_date__gt=TODAY).exists()


def test_signed_off_assessments_score_every_domain_of_the_active_framework(generated):
    domains = OutcomeDomain.objects.active_for(Organisation.objects.get()).count()
    assert domains == 9
    signed = Assessment.objects.signed_off().annotate(n=Count("domain_assessments"))
    assert signed.exists()
    assert {a.n for a in signed} == {domains}
    assert DomainAssessment.objects.filter(worker_score__isnull=True).count() == 0


def test_reviews_look_at_an_agreed_plan_of_their_own_case_and_rescore_every_domain(generated):
    reviews = Review.objects.select_related("plan")
    assert reviews.exists()
    for review in reviews:
        assert review.plan.case_id == review.case_id
        assert review.review_date >= review.plan.agreed_on
    per_review = ReviewDomainScore.objects.values("review").annotate(n=Count("id"))
    assert {row["n"] for row in per_review} == {9}


def test_closed_cases_have_a_signed_off_closure_on_their_closing_date_and_follow_ups(generated):
    for case in Case.objects.filter(status=Case.Status.CLOSED):
        closure = Closure.objects.in_force().get(case=case)
        assert case.closed_on == closure.closure_date
        months = sorted(closure.follow_up_checks.values_list("months_after", flat=True))
        assert months == [3, 6, 12]
    assert not FollowUpCheck.objects.filter(due_date__gte=TODAY).exclude(status="due").exists()


def test_a_revised_plan_supersedes_the_one_before(generated):
    for plan in Plan.objects.filter(previous_version__isnull=False).select_related(
        "previous_version"
    ):
        assert plan.previous_version.status == Plan.Status.SUPERSEDED
        assert plan.version == plan.previous_version.version + 1


def test_running_it_again_changes_nothing(generated):
    cases = Case.objects.count()
    out = StringIO()
    call_command(GenerateLargeDataset(), "--scale", "0.002", stdout=out)
    assert "already here" in out.getvalue()
    assert Case.objects.count() == cases


def _fingerprint() -> list[tuple]:
    return list(
        Case.objects.annotate(n=Count("contacts"))
        .order_by("referral_date", "family__family_name", "pk")
        .values_list("family__family_name", "referral_date", "status", "n")
    )


@pytest.mark.django_db
def test_the_same_seed_and_anchor_give_the_same_data():
    prints = []
    for _ in range(2):
        with transaction.atomic():
            generate.build(scale=0.002, seed=7, today=TODAY, busy_contacts=20, log=lambda _m: None)
            prints.append(_fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert len(prints[0]) >= 10


def _fernshire_fingerprint() -> list[tuple]:
    return list(
        Case.objects.filter(family__organisation__name=generate.ORGANISATION_NAME)
        .annotate(n=Count("contacts"))
        .order_by("pk")
        .values_list("family__family_name", "referral_date", "status", "n")
    )


@pytest.mark.django_db
def test_above_one_organisations_worth_more_organisations_share_the_database_fernshire_unchanged():
    quiet = {"seed": 7, "today": TODAY, "busy_contacts": 20, "log": lambda _m: None}
    with transaction.atomic():
        generate.build(scale=0.002, families_per_organisation=10, **quiet)
        alone = _fernshire_fingerprint()
        transaction.set_rollback(True)
    result = generate.build(scale=0.005, families_per_organisation=10, **quiet)

    names = set(Organisation.objects.values_list("name", flat=True))
    assert names == {
        generate.ORGANISATION_NAME,
        "Ashcombe Vale Council (fictional)",
        "Brindlemoor Council (fictional)",
    }
    assert result.counts["organisations"] == 3
    assert result.counts["families"] == Family.objects.count() == 25
    assert User.objects.count() == 3 * 120
    assert User.objects.filter(username__startswith="ashcombe-vale.kw.").exists()
    # Fernshire's rows, and so every page the benchmark measures, are those of scale 1 (ids
    # too on a fresh database; not here, where PostgreSQL's sequences outlive the rollback).
    assert _fernshire_fingerprint() == alone
    busy = Case.objects.get(pk=result.busy_case_id)
    assert busy.family.family_name == generate.BUSY_FAMILY_NAME
    assert busy.family.organisation.name == generate.ORGANISATION_NAME
    for org in Organisation.objects.all():
        cases = Case.objects.filter(family__organisation=org)
        assert cases.exists()
        assert not cases.exclude(team__service__organisation=org).exists()
        assert not cases.exclude(lead_professional__organisation=org).exists()
