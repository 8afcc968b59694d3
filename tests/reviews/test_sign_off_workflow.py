"""The one sign-off workflow (edgecare.signoff), for both records that use it: assessments and
closures. Who may sign, the row lock, the closed case, the readiness check, the one signal,
the chronology entry, and the one section page every draft record's edit pages go through."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.query import QuerySet
from django.urls import reverse

from assessments import services as assessment_services
from assessments.models import Assessment
from edgecare import section_page as section_page_module
from edgecare.models import AccessLog
from edgecare.signoff import SIGNED_OFF, SUBMITTED, sign_off_transition
from families.case_parts import sign_off_entry
from families.models import Case
from reviews import services as review_services
from reviews.models import Closure
from tests.assessments.assessment_helpers import complete, start, submitted
from tests.reviews.review_helpers import (
    agreed_plan,
    fill_closure,
    started_closure,
    started_review,
    submitted_closure,
)

pytestmark = pytest.mark.django_db


# Who may sign: a manager of the case who neither wrote nor submitted the record -----------


def _assessment_submitted_by(world, *, author, submitter) -> Assessment:
    assessment = complete(start(world.case, author))
    assessment_services.assessment_submit(assessment=assessment, by=submitter)
    return assessment


def test_a_manager_who_wrote_an_assessment_cannot_sign_it_off(world):
    assessment = _assessment_submitted_by(
        world, author=world.team_manager, submitter=world.team_manager
    )
    assert not world.team_manager.has_perm("assessments.sign_off_assessment", assessment)
    with pytest.raises(ValidationError, match="neither wrote nor submitted"):
        assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    assessment_services.assessment_sign_off(assessment=assessment, by=world.service_manager)
    assert assessment.is_signed_off


def test_a_manager_who_submitted_a_workers_assessment_cannot_sign_it_off(world):
    assessment = _assessment_submitted_by(
        world, author=world.key_worker, submitter=world.team_manager
    )
    assert not world.team_manager.has_perm("assessments.sign_off_assessment", assessment)
    with pytest.raises(ValidationError, match="neither wrote nor submitted"):
        assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    with pytest.raises(ValidationError, match="neither wrote nor submitted"):
        assessment_services.assessment_return(
            assessment=assessment, by=world.team_manager, comments="Add the school's view."
        )
    assert world.service_manager.has_perm("assessments.sign_off_assessment", assessment)


def test_a_manager_who_submitted_a_closure_cannot_sign_it_off(world):
    closure = fill_closure(started_closure(world))
    review_services.closure_submit(closure=closure, by=world.team_manager)
    assert not world.team_manager.has_perm("reviews.sign_off_closure", closure)
    with pytest.raises(ValidationError, match="neither wrote nor submitted"):
        review_services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)
    review_services.closure_sign_off(closure=closure, signed_off_by=world.service_manager)
    assert closure.is_signed_off


def test_a_manager_who_wrote_a_closure_cannot_sign_it_off_even_when_a_worker_submitted_it(
    world,
):
    agreed_plan(world)
    world.case.refresh_from_db()
    closure = review_services.closure_start(
        case=world.case,
        started_by=world.team_manager,
        reason=Closure.Reason.GOALS_ACHIEVED,
        closure_date=world.case.referral_date,
        key_outcome=Closure.KeyOutcome.WITH_PARENTS,
    )
    fill_closure(closure)
    review_services.closure_submit(closure=closure, by=world.key_worker)
    assert not world.team_manager.has_perm("reviews.sign_off_closure", closure)
    with pytest.raises(ValidationError, match="neither wrote nor submitted"):
        review_services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)
    assert world.service_manager.has_perm("reviews.sign_off_closure", closure)


def test_a_key_worker_may_sign_off_neither_record(world):
    assessment = submitted(world.case, world.colleague)
    assert not world.key_worker.has_perm("assessments.sign_off_assessment", assessment)
    with pytest.raises(ValidationError):
        assessment_services.assessment_sign_off(assessment=assessment, by=world.key_worker)


def test_the_sign_off_page_refuses_the_author_with_a_403(world, signed_in):
    assessment = _assessment_submitted_by(
        world, author=world.team_manager, submitter=world.team_manager
    )
    url = reverse("assessments:sign_off", args=[world.case.pk, assessment.pk])
    assert signed_in(world.team_manager).post(url).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


# The row lock, the closed case, the readiness check -------------------------------------


@pytest.fixture
def locks(monkeypatch):
    """Every select_for_update made, with the model and whether it ran inside a transaction."""
    made = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        made.append((self.model, transaction.get_connection().in_atomic_block))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    return made


def test_every_assessment_transition_locks_its_row_inside_a_transaction(world, locks):
    assessment = submitted(world.case, world.key_worker)
    assessment_services.assessment_return(
        assessment=assessment, by=world.team_manager, comments="Add the school's view."
    )
    assessment_services.assessment_submit(assessment=assessment, by=world.key_worker)
    assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    assert locks.count((Assessment, True)) == 4


def test_every_closure_transition_locks_its_row_inside_a_transaction(world, locks):
    closure = submitted_closure(world)
    review_services.closure_return(closure=closure, by=world.team_manager, comments="More.")
    review_services.closure_submit(closure=closure, by=world.key_worker)
    review_services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)
    assert locks.count((Closure, True)) == 4


def test_a_transition_reads_the_record_after_locking_it_so_a_stale_copy_cannot_sign_twice(
    world,
):
    assessment = submitted(world.case, world.key_worker)
    stale = Assessment.objects.get(pk=assessment.pk)
    assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    with pytest.raises(ValidationError, match="awaiting sign-off"):
        assessment_services.assessment_sign_off(assessment=stale, by=world.service_manager)
    stale.refresh_from_db()
    assert stale.signed_off_by == world.team_manager


@pytest.mark.parametrize(
    ("make_record", "move_on", "status_kept"),
    [
        pytest.param(
            lambda world: submitted(world.case, world.key_worker),
            lambda record, world: assessment_services.assessment_sign_off(
                assessment=record, by=world.team_manager
            ),
            Assessment.Status.SUBMITTED,
            id="an-assessment-cannot-be-signed-off",
        ),
        pytest.param(
            lambda world: fill_closure(started_closure(world)),
            lambda record, world: review_services.closure_submit(
                closure=record, by=world.key_worker
            ),
            Closure.Status.DRAFT,
            id="a-closure-cannot-be-submitted",
        ),
    ],
)
def test_on_a_closed_case(world, make_record, move_on, status_kept):
    record = make_record(world)
    Case.objects.filter(pk=world.case.pk).update(status=Case.Status.CLOSED)
    with pytest.raises(ValidationError, match="case is closed"):
        move_on(record, world)
    record.refresh_from_db()
    assert record.status == status_kept


def test_sign_off_runs_the_records_readiness_check_again(world):
    closure = submitted_closure(world)
    # Something the readiness check needs went missing after submission.
    Closure.objects.filter(pk=closure.pk).update(what_helped="")
    with pytest.raises(ValidationError, match="what helped"):
        review_services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)
    world.case.refresh_from_db()
    assert world.case.status != Case.Status.CLOSED  # the effects rolled back with it


# One signal, one chronology shape ---------------------------------------------------------


def test_each_transition_sends_the_one_signal_once(world):
    heard = []

    def listener(sender, record, transition, by, **kwargs):
        heard.append((sender, record.pk, transition, by.pk))

    sign_off_transition.connect(listener)
    try:
        assessment = submitted(world.case, world.key_worker)
        assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    finally:
        sign_off_transition.disconnect(listener)
    assert heard == [
        (Assessment, assessment.pk, "submitted", world.key_worker.pk),
        (Assessment, assessment.pk, "signed_off", world.team_manager.pk),
    ]


def test_the_chronology_entry_of_a_sign_off_step_has_one_shape(world):
    assessment = submitted(world.case, world.key_worker)
    entry = sign_off_entry(assessment, SUBMITTED, kind="assessment", title="Submitted")
    assert (entry.kind, entry.id, entry.by) == (
        "assessment_submitted",
        assessment.pk,
        str(world.key_worker),
    )
    assert entry.url == assessment.get_absolute_url()
    assert sign_off_entry(assessment, SIGNED_OFF, kind="a", title="x") is None


def test_a_closures_chronology_entry_can_be_dated_by_its_closure_date(world):
    closure = submitted_closure(world)
    review_services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)
    on = closure.closure_date
    dated = sign_off_entry(closure, SIGNED_OFF, kind="closure", title="", on=on)
    assert (dated.kind, dated.date, dated.time) == ("closure_signed_off", on, None)
    assert dated.by == str(world.team_manager)


# Every section page of a draft record is the one section page ------------------------------


@pytest.fixture
def pages(monkeypatch):
    """The templates the one section page rendered."""
    rendered = []
    original = section_page_module.render_form_page

    def spy(request, form, **kwargs):
        rendered.append(kwargs.get("template", section_page_module.FORM_PAGE))
        return original(request, form, **kwargs)

    monkeypatch.setattr(section_page_module, "render_form_page", spy)
    return rendered


def _assessment_section_urls(world):
    case = world.case
    assessment = start(case, world.key_worker)
    row = assessment.domain_assessments.first()
    a = [case.pk, assessment.pk]
    urls = [
        reverse("assessments:edit_overview", args=a),
        reverse("assessments:edit_summary", args=a),
        reverse("assessments:edit_analysis", args=a),
        reverse("assessments:edit_domain", args=[*a, row.pk]),
        reverse("assessments:add_agency_contribution", args=a),
        reverse("assessments:add_need", args=a),
        reverse("assessments:edit_indicators", args=a),
    ]
    urls += [
        reverse("assessments:edit_young_person_view", args=[*a, person.pk])
        for person in case.young_people.all()
    ]
    return urls


def _review_section_urls(world):
    review = started_review(world, agreed_plan(world))
    names = ("review_edit", "review_goals", "review_scores", "review_indicators")
    names += ("review_risk", "review_decision")
    return [reverse(f"reviews:{name}", args=[world.case.pk, review.pk]) for name in names]


@pytest.mark.parametrize("urls_of", [_assessment_section_urls, _review_section_urls])
def test_every_draft_section_page_is_the_one_section_page_and_is_logged(
    world, signed_in, pages, urls_of
):
    client = signed_in(world.key_worker)
    for url in urls_of(world):
        before = AccessLog.objects.filter(action="view", case_id=world.case.pk).count()
        assert client.get(url).status_code == 200, url
        assert pages, url
        after = AccessLog.objects.filter(action="view", case_id=world.case.pk).count()
        assert after == before + 1, url
        pages.clear()


def test_every_closure_section_page_is_the_one_section_page(world, signed_in, pages):
    closure = started_closure(world)
    client = signed_in(world.key_worker)
    for name in (
        "closure_edit",
        "closure_scores",
        "closure_goals",
        "closure_needs",
        "closure_sustainability",
    ):
        url = reverse(f"reviews:{name}", args=[world.case.pk, closure.pk])
        assert client.get(url).status_code == 200, url
        assert pages, url
        pages.clear()


def test_a_refused_section_form_answers_400_and_saves_nothing(world, signed_in, pages):
    assessment = start(world.case, world.key_worker)
    url = reverse("assessments:edit_overview", args=[world.case.pk, assessment.pk])
    response = signed_in(world.key_worker).post(url, {"assessment_date": "not a date"})
    assert response.status_code == 400
    assert pages == ["includes/form_page.html"]
    assessment.refresh_from_db()
    assert assessment.row_version == 0
