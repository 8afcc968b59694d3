"""The case record for managers and inspectors: who may generate it, that generating it is
logged, that it evidences what changed for the family, and that it costs the same number of
queries however busy the case. Every name is invented."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import Assessment
from casefile.case_record import (
    DomainProgress,
    ScorePoint,
    _progress_figure,
    case_record_context,
)
from edgecare.models import AccessLog
from families.models import Case, CaseEvent, Person
from plans import services as plan_services
from plans.models import Action, Plan
from reviews import services as review_services
from reviews.models import Closure, ClosureGoalOutcome, FollowUpCheck, Review
from tests.assertions import assert_shows
from tests.assessments.assessment_helpers import signed_off
from tests.background import download_document
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    SignificantEventFactory,
)
from tests.plans.plan_helpers import add_action, add_contingency, add_goal, agree, draft_plan

pytestmark = pytest.mark.django_db

RATIONALE = (
    "Riley's mother and grandfather both want him home and are working with us; the two "
    "missing episodes were short and he came back himself. With evening visits starting this "
    "week, staying at home is safer for him than a placement."
)
GOAL_ONE = "We want to get through the evenings without shouting."
GOAL_TWO = "Riley goes to school every morning."
SUSTAINABILITY_CONTACT = "Pat Quillfeather"
FOLLOW_UP_NOTE = "Still at home; school says attendance is holding up."


def pdf_url(case, query=""):
    return reverse("case_record:pdf", args=[case.pk]) + query


def print_url(case, query=""):
    return reverse("case_record:html", args=[case.pk]) + query


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def at(day: datetime.date):
    """Travel to midday on `day`, so every record is dated as it would have been."""
    moment = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)
    return time_machine.travel(moment, tick=False)


@dataclass
class History:
    case: Case
    start: datetime.date
    assessment: Assessment
    plans: list[Plan]
    reviews: list[Review]
    closure: Closure
    contact_count: int


def add_contacts(case, recorded_by, count: int, people, start: datetime.date) -> None:
    for n in range(count):
        contact = ContactFactory(
            case=case,
            contact_date=start + datetime.timedelta(days=1 + n % 120),
            # Every third visit is in the evening: out of hours.
            start_time=datetime.time(19, 0) if n % 3 == 0 else datetime.time(10, 30),
            purpose=f"Visit number {n + 1}",
            recorded_by=recorded_by,
        )
        contact.people_seen.set(people)


def build_history(world, *, contacts: int = 12) -> History:
    """A case from referral to follow-up: decision, contacts, a significant event, a signed-off
    assessment, a plan agreed then revised, two reviews, a signed-off closure and follow-ups."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    case = world.case
    case.referral_date = start
    case.save()
    case.family.family_name = "Marchbank"
    case.family.save()
    riley = case.young_people.get()
    riley.first_name, riley.last_name = "Riley", "Marchbank"
    riley.date_of_birth = start - datetime.timedelta(days=14 * 365 + 100)
    riley.statutory_plan = Person.StatutoryPlan.CHILD_IN_NEED
    riley.save()
    mother = PersonFactory(
        family=case.family,
        first_name="Dawn",
        relationship=Person.Relationship.MOTHER,
        is_focus=False,
        date_of_birth=start - datetime.timedelta(days=41 * 365),
    )
    worker, manager = world.key_worker, world.team_manager

    with at(start + datetime.timedelta(days=1)):
        DecisionFactory(case=case, rationale=RATIONALE, recorded_by=manager)
        event = CaseEventFactory(
            case=case,
            kind=CaseEvent.Kind.MISSING,
            summary="Riley missing overnight after an argument; came home at 6am.",
            recorded_by=worker,
        )
        SignificantEventFactory(
            case=case,
            entry_kind="case_event",
            entry_id=event.pk,
            analysis="The pattern: every missing episode follows a row about his phone.",
            marked_by=worker,
        )
    add_contacts(case, worker, contacts, [riley, mother], start)

    with at(start + datetime.timedelta(days=7)):
        assessment = signed_off(case, worker, manager)
    with at(start + datetime.timedelta(days=8)):
        first = draft_plan(world, assessment)
        goal = add_goal(first, what_we_want_to_be_different=GOAL_ONE)
        add_action(goal, what="Cook tea together on Sundays")
        add_contingency(first, if_this_happens="If Riley is not home by 10pm")
    with at(start + datetime.timedelta(days=10)):
        agree(first, people=[mother, riley], comments="We will give it a go.", recorded_by=worker)

    reviews = []
    with at(start + datetime.timedelta(days=50)):
        reviews.append(complete_review(case, worker, score=5, domain_shift=1))
    with at(start + datetime.timedelta(days=60)):
        second = plan_services.plan_revise(
            plan=Plan.objects.get(pk=first.pk), revised_by=worker, reason="School is the worry now."
        )
        Action.objects.filter(goal__plan=second).update(
            due_date=timezone.localdate() + datetime.timedelta(days=14)
        )
        add_goal(
            second,
            domain=assessment.domain_assessments.all()[1].domain,
            what_we_want_to_be_different=GOAL_TWO,
            baseline_score=2,
            target_score=8,
        )
    with at(start + datetime.timedelta(days=61)):
        agree(
            second,
            people=[mother, riley],
            comments="The new plan is about school.",
            recorded_by=worker,
        )
    with at(start + datetime.timedelta(days=100)):
        reviews.append(
            complete_review(
                case, worker, score=7, domain_shift=2, decision=Review.Decision.PREPARE_CLOSURE
            )
        )

    with at(start + datetime.timedelta(days=130)):
        closure = review_services.closure_start(
            case=case,
            started_by=worker,
            reason=Closure.Reason.GOALS_ACHIEVED,
            closure_date=timezone.localdate(),
            key_outcome=Closure.KeyOutcome.WITH_PARENTS,
        )
        closure.ongoing_needs_assessment = "Dawn and Riley want a youth club place and help "
        closure.ongoing_needs_assessment += "from school's family worker."
        closure.contact_name = SUSTAINABILITY_CONTACT
        closure.contact_role = "School family worker"
        closure.contact_phone = "0300 555 0177"
        closure.out_of_hours_cover = "Emergency duty team on 0300 555 0100."
        closure.what_helped = "Talking it through at tea; the phone agreement."
        closure.family_confidence = 8
        closure.save()
        closure.ongoing_needs_done_with.set([mother, riley])
        for n, row in enumerate(closure.domain_scores.all()):
            row.worker_score = min((row.baseline_worker_score or 0) + 3, 10)
            row.family_score = min((row.baseline_family_score or 0) + 2, 10) if n % 2 else None
            row.save()
        closure.goal_outcomes.update(state=ClosureGoalOutcome.State.ACHIEVED)
        review_services.closure_submit(closure=closure, by=worker)
        review_services.closure_sign_off(closure=closure, signed_off_by=manager)

    for check in FollowUpCheck.objects.filter(closure=closure, due_date__lte=today):
        check.record_result(
            by=worker,
            done_on=check.due_date,
            still_living_at_home=FollowUpCheck.AtHome.YES,
            re_referred=False,
            entered_care=False,
            notes=FOLLOW_UP_NOTE,
        )
    case.refresh_from_db()
    return History(
        case=case,
        start=start,
        assessment=assessment,
        plans=[Plan.objects.get(pk=first.pk), Plan.objects.get(pk=second.pk)],
        reviews=reviews,
        closure=Closure.objects.get(pk=closure.pk),
        contact_count=contacts,
    )


def complete_review(case, worker, *, score, domain_shift, decision=Review.Decision.CONTINUE):
    review = review_services.review_start(
        case=case, started_by=worker, review_date=timezone.localdate()
    )
    for row in review.goal_progress.all():
        row.score = score
        row.commentary = f"Better: scored {score} by the family and worker together."
        row.save()
    baseline = {r.domain_id: r for r in case.assessments.get().domain_assessments.all()}
    for row in review.domain_scores.all():
        base = baseline.get(row.domain_id)
        row.worker_score = min(((base.worker_score or 0) if base else 0) + domain_shift, 10)
        row.family_score = min(((base.family_score or 0) if base else 0) + domain_shift, 10)
        row.save()
    review.risk_level = Assessment.RiskLevel.MEDIUM
    review.risk_reason = "No missing episodes since the last review."
    review.decision = decision
    review.decision_reason = "Goals on track."
    review.young_person_views = "Home is calmer."
    review.family_views = "Evenings are easier."
    if decision != Review.Decision.PREPARE_CLOSURE:
        review.next_review_date = timezone.localdate() + datetime.timedelta(weeks=6)
    review.save()
    return review_services.review_complete(review=review, completed_by=worker)


# Who may generate it -------------------------------------------------------------------------


def test_signing_in_is_needed_for_the_case_record(world, client):
    for url in (pdf_url(world.case), print_url(world.case)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not AccessLog.objects.filter(record_type=AccessLog.RecordType.CASE_RECORD).exists()


@pytest.mark.parametrize("role", ["key_worker", "team_manager", "service_manager"])
def test_the_case_team_and_its_managers_can_download_the_pdf_and_it_is_logged(
    world, signed_in, role
):
    user = getattr(world, role)
    response = download_document(signed_in(user), pdf_url(world.case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="case-record-{world.case.reference}.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(
        user=user, action="pdf", record_type=AccessLog.RecordType.CASE_RECORD, case_id=world.case.pk
    ).exists()


@pytest.mark.parametrize(
    "role", ["administrator", "other_team_worker", "other_service_manager", "other_org_worker"]
)
@pytest.mark.parametrize("view", [pdf_url, print_url])
def test_anyone_outside_the_case_gets_a_404_and_the_refusal_is_logged(world, signed_in, role, view):
    user = getattr(world, role)
    response = signed_in(user).get(view(world.case))
    assert response.status_code == 404
    assert world.case.family.family_name not in response.content.decode()
    assert AccessLog.objects.filter(
        user=user,
        action="refused",
        record_type=AccessLog.RecordType.CASE_RECORD,
        record_id=world.case.pk,
    ).exists()
    assert not AccessLog.objects.filter(action__in=["pdf", "print"]).exists()


def test_a_case_that_does_not_exist_is_a_404_like_any_other(world, signed_in):
    missing = Case.objects.order_by("-pk").first().pk + 100
    response = signed_in(world.key_worker).get(reverse("case_record:pdf", args=[missing]))
    assert response.status_code == 404
    assert AccessLog.objects.filter(action="refused", record_id=missing).exists()


def test_the_print_view_is_logged_as_a_print(world, signed_in):
    response = signed_in(world.team_manager).get(print_url(world.case))
    assert response.status_code == 200
    assert AccessLog.objects.filter(
        user=world.team_manager,
        action="print",
        record_type=AccessLog.RecordType.CASE_RECORD,
        case_id=world.case.pk,
    ).exists()


def test_the_case_record_only_answers_get(world, signed_in):
    client = signed_in(world.key_worker)
    assert client.post(pdf_url(world.case)).status_code == 405
    assert client.post(print_url(world.case)).status_code == 405


def test_a_new_case_with_nothing_recorded_yet_still_makes_a_record(world, signed_in):
    response = download_document(signed_in(world.key_worker), pdf_url(world.case))
    text = pdf_text(response.content)
    assert "No decision has been recorded" in text
    assert "No assessment has been signed off" in text
    assert "No plan has been written" in text
    assert "The case has not been closed" in text


# What it says --------------------------------------------------------------------------------


def test_the_pdf_evidences_what_changed_for_the_family(world, signed_in):
    history = build_history(world)
    other = CaseFactory(team=world.team)
    other.family.family_name = "Zebedee"
    other.family.save()
    case = history.case

    response = download_document(signed_in(world.team_manager), pdf_url(case))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    pages = len(reader.pages)
    text = pdf_text(response.content)

    # Every page is marked confidential and numbered.
    for number, page in enumerate(reader.pages, start=1):
        page_text = " ".join(page.extract_text().split())
        assert "CONFIDENTIAL" in page_text
        assert f"Page {number} of {pages}" in page_text

    # Summary.
    assert "Case record: Marchbank family" in text
    assert case.reference in text
    assert case.family.reference in text
    assert "Riley Marchbank" in text
    assert "Child in need plan".lower() in text
    out_of_hours = case.contacts.filter(out_of_hours=True).count()
    share = round(100 * out_of_hours / history.contact_count)
    assert f"{history.contact_count} contacts, {out_of_hours} out of hours ({share}%)" in text
    assert "Generated on" in text
    assert str(world.team_manager) in text
    assert "What changed, at a glance" in text
    # The decision, in full.
    assert RATIONALE in text
    assert "Edge of care panel, chaired by the head of service" in text
    # The chronology, with the significant event's analysis; contacts counted by month.
    assert "Contacts by month" in text
    assert "Visit number 1" not in text
    assert "every missing episode follows a row about his phone" in text
    # The assessment with its baseline scores per domain.
    rows = list(history.assessment.domain_assessments.all())
    assert "What we are worried about" in text
    assert "I want the shouting to stop." in text
    assert "Two missing episodes this month." in text
    assert "Fewer arguments at home." in text
    # Every plan version's dates, and the goals.
    first, second = history.plans
    for plan in (first, second):
        assert f"Version {plan.version}" in text
        assert f"{plan.agreed_on.day} {plan.agreed_on:%b %Y}" in text
    assert f"{first.superseded_at.day} {first.superseded_at:%b %Y}" in text
    assert "School is the worry now." in text
    assert GOAL_ONE in text
    assert GOAL_TWO in text
    assert "Cook tea together on Sundays" in text
    assert "If Riley is not home by 10pm" in text
    # Reviews, by date, with progress.
    for number, review in enumerate(history.reviews, start=1):
        assert f"Review {number}: {review.review_date.day} {review.review_date:%B %Y}" in text
    assert "Better: scored 7 by the family and worker together." in text
    assert "Progress in each outcome area" in text
    # Closure: baseline against closure per domain, reason, key outcome, goals, sustainability.
    closure = history.closure
    assert "Goals achieved" in text
    assert "With a parent or parents" in text
    for score in closure.domain_scores.all():
        assert score.domain_name in text
        change = score.worker_score - score.baseline_worker_score
        # A long name may wrap at its hyphen in the table cell.
        assert (
            f"{score.domain_name} {score.baseline_worker_score} {score.worker_score} {change:+d}"
            in text.replace("- ", "-")
        )
    assert rows[0].domain_name in text
    assert SUSTAINABILITY_CONTACT in text
    assert "0300 555 0177" in text
    assert "Talking it through at tea; the phone agreement." in text
    # Follow-up results.
    assert "3 months" in text
    assert FOLLOW_UP_NOTE in text

    assert "Zebedee" not in text
    assert AccessLog.objects.filter(
        user=world.team_manager,
        action="pdf",
        record_type=AccessLog.RecordType.CASE_RECORD,
        case_id=case.pk,
    ).exists()


def test_the_progress_of_every_outcome_area_is_one_figure_with_its_numbers_in_a_table(
    world, signed_in
):
    history = build_history(world, contacts=3)
    response = signed_in(world.key_worker).get(print_url(history.case))
    html = response.content.decode()
    # Two baseline charts, one small-multiples figure for every outcome area, two closure charts.
    assert html.count('class="ec-chart"') == 2 + 1 + 2
    figure = html[html.index("Scores in each outcome area from the baseline to closure, 0 to 10") :]
    for row in history.assessment.domain_assessments.all():
        assert row.domain_name in figure
        # The table row: the area's name, then worker's / family's score at the baseline first.
        assert f'<th scope="row" class="govuk-table__header">{row.domain_name}</th>' in html
        assert (
            f'<td class="govuk-table__cell govuk-table__cell--numeric">'
            f"{row.worker_score} / {row.family_score}</td>"
        ) in html
    assert f"Closure ({history.closure.closure_date.day}" in html


def test_a_long_case_has_its_progress_table_in_parts_of_eight_occasions_none_left_out():
    occasions = [f"Review {n}" for n in range(1, 13)]
    lines = [
        DomainProgress(
            name=f"Area {area}",
            points=[ScorePoint(o, n % 10, None, f"R{n}") for n, o in enumerate(occasions, 1)],
        )
        for area in range(3)
    ]
    tables = _progress_figure(lines)["tables"]
    assert [t["occasions"] for t in tables] == [occasions[:8], occasions[8:]]
    for table in tables:
        assert [name for name, _ in table["rows"]] == ["Area 0", "Area 1", "Area 2"]
        for _, points in table["rows"]:
            assert [p.occasion for p in points] == table["occasions"]


def test_only_significant_events_when_asked(world, signed_in):
    history = build_history(world, contacts=3)
    client = signed_in(world.key_worker)
    full = client.get(print_url(history.case, "?chronology=full")).content.decode()
    significant = client.get(print_url(history.case, "?chronology=significant")).content.decode()
    assert "Visit number 1" in full
    assert "Visit number 1" not in significant
    assert "every missing episode follows a row about his phone" in significant
    assert "Riley missing overnight after an argument" in significant
    # The PDF link keeps the choice.
    assert pdf_url(history.case, "?chronology=significant") in significant


def test_the_record_counts_contacts_by_month_and_lists_only_the_marked_ones(world, signed_in):
    history = build_history(world, contacts=5)
    case = history.case
    marked = case.contacts.get(purpose="Visit number 2")
    SignificantEventFactory(
        case=case,
        entry_kind="contact",
        entry_id=marked.pk,
        analysis="The first time Riley talked about school without walking out.",
        marked_by=world.key_worker,
    )
    client = signed_in(world.key_worker)
    html = client.get(print_url(case)).content.decode()
    assert "Visit number 2" in html
    assert "The first time Riley talked about school without walking out." in html
    for other in (1, 3, 4, 5):
        assert re.search(rf"Visit number {other}\b", html) is None
    assert "Contacts by month" in html
    months = {}
    for contact in case.contacts.all():
        key = contact.contact_date.replace(day=1)
        months[key] = months.get(key, 0) + 1
    for month, count in months.items():
        assert f"{month:%B %Y}</th>" in html
        assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{count}</td>' in html
    # Every contact is one choice away, and the PDF keeps the choice.
    assert print_url(case, "?chronology=full") in html
    full_pdf = pdf_text(download_document(client, pdf_url(case, "?chronology=full")).content)
    assert "Visit number 1" in full_pdf
    assert "Visit number 5" in full_pdf
    assert "Contacts by month" not in full_pdf


def test_the_case_page_offers_the_record_with_every_contact(world, signed_in):
    page = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert pdf_url(world.case, "?chronology=full") in page


def test_an_unknown_chronology_option_gives_the_usual_record(world, signed_in):
    ContactFactory(case=world.case, purpose="Visit number 1", recorded_by=world.key_worker)
    response = signed_in(world.key_worker).get(print_url(world.case, "?chronology=<b>"))
    page = assert_shows(response, "Contacts by month")
    assert "Visit number 1" not in page


def test_typed_text_cannot_make_the_pdf_fetch_anything(world, signed_in):
    world.case.presenting_concerns = '<img src="http://example.test/x.png"> <b>bold</b>'
    world.case.save()
    response = download_document(signed_in(world.key_worker), pdf_url(world.case))
    assert response.status_code == 200
    assert '<img src="http://example.test/x.png">' in pdf_text(response.content)


def test_the_case_page_links_to_the_case_record_without_logging_it(world, signed_in):
    response = signed_in(world.key_worker).get(world.case.get_absolute_url())
    html = response.content.decode()
    assert "Case record for managers and inspectors" in html
    assert pdf_url(world.case) in html
    assert print_url(world.case) in html
    assert not AccessLog.objects.filter(record_type=AccessLog.RecordType.CASE_RECORD).exists()


# Cost ----------------------------------------------------------------------------------------


def _queries_to_assemble(case, user) -> int:
    loaded = Case.objects.select_related(
        "family", "service", "team", "team__service", "lead_professional"
    ).get(pk=case.pk)
    with CaptureQueriesContext(connection) as queries:
        case_record_context(loaded, generated_by=user)
    return len(queries)


def test_assembling_the_record_costs_the_same_queries_for_5_or_50_contacts(world):
    history = build_history(world, contacts=5)
    few = _queries_to_assemble(history.case, world.key_worker)
    add_contacts(history.case, world.key_worker, 45, [], history.start)
    many = _queries_to_assemble(history.case, world.key_worker)
    assert few == many
