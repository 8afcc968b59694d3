"""The service outcome report: every figure against values worked out by hand on a small,
fixed set of cases; the exports; and a flat cost."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edgecare.models import AccessLog
from families.models import Case, Decision
from managers.charts import outcome_charts
from managers.models import CostAssumptions
from reviews.models import Closure, FollowUpCheck
from tests.background import download_document
from tests.factories import CaseFactory, DecisionFactory, FamilyFactory, PersonFactory
from tests.managers.helpers import TODAY, closure, contact, days_ago, follow_up

pytestmark = pytest.mark.django_db

URL = reverse("managers:outcomes")
EVENING = datetime.time(21, 0)  # out of hours on any day
SVG = "{http://www.w3.org/2000/svg}"
PERIOD = {"date_from": days_ago(300).isoformat(), "date_to": TODAY.isoformat()}


def in_hours_day(n: int) -> datetime.date:
    """A weekday that is not a bank holiday, on or before `n` days ago."""
    from edgecare.out_of_hours import is_out_of_hours

    day = days_ago(n)
    while is_out_of_hours(datetime.datetime.combine(day, datetime.time(10, 0))):
        day -= datetime.timedelta(days=1)
    return day


def young_person(family, *, age: int, gender: str, referred: datetime.date):
    born = referred.replace(year=referred.year - age) - datetime.timedelta(days=30)
    return PersonFactory(family=family, first_name="Zebedee", date_of_birth=born, gender=gender)


def case(world, *, referred_days_ago, age=15, gender="male", team=None, family=None, **kw):
    referred = days_ago(referred_days_ago)
    team = team or world.team
    family = family or FamilyFactory(organisation=world.org, family_name="Quillfeather")
    return CaseFactory(
        team=team,
        family=family,
        referral_date=referred,
        lead_professional=kw.pop("lead", world.key_worker),
        young_people=[young_person(family, age=age, gender=gender, referred=referred)],
        **kw,
    )


def support_at_home(c):
    DecisionFactory(case=c, outcome=Decision.Outcome.SUPPORT_AT_HOME, decided_on=c.referral_date)


@pytest.fixture
def six_cases(world):
    """Six cases referred in the period and one referred before it, besides the world's own
    case (referred 30 days ago, no contact yet, aged 16). See each figure's test for the
    working."""
    world.case.young_people.update(
        date_of_birth=days_ago(30).replace(year=TODAY.year - 17), gender="male"
    )
    a = case(world, referred_days_ago=250, parent_requested_accommodation=True)
    support_at_home(a)
    contact(a, days_ago(250), EVENING)
    contact(a, in_hours_day(240))
    a_closure = closure(a, on=days_ago(100), scores={1: (3, 2, 7, 6), 2: (4, 4, 5, 6)})
    follow_up(
        a,
        a_closure,
        months=3,
        due=days_ago(10),
        status=FollowUpCheck.Status.DONE,
        still_living_at_home="yes",
    )

    b = case(world, referred_days_ago=240)
    support_at_home(b)
    contact(b, days_ago(238), EVENING)
    contact(b, in_hours_day(230))
    b_closure = closure(
        b,
        on=days_ago(50),
        reason=Closure.Reason.STEP_DOWN_EARLY_HELP,
        scores={1: (2, 3, 6, 5), 2: (5, None, 5, None)},
    )
    follow_up(b, b_closure, months=3, due=TODAY + datetime.timedelta(days=40))

    c = case(world, referred_days_ago=200)
    support_at_home(c)
    contact(c, days_ago(195), EVENING)
    closure(
        c,
        on=days_ago(30),
        reason=Closure.Reason.ENTERED_CARE,
        key_outcome=Closure.KeyOutcome.CARE_FOSTER,
        scores={1: (4, 4, 3, 4)},
    )

    d = case(world, referred_days_ago=150, age=12, gender="female")
    support_at_home(d)
    contact(d, days_ago(149), EVENING)
    contact(d, in_hours_day(140))

    case(world, referred_days_ago=100, status=Case.Status.ASSESSMENT)  # e: no contact yet

    i = case(world, referred_days_ago=60, lead=None, status=Case.Status.CLOSED)
    DecisionFactory(case=i, outcome=Decision.Outcome.ACCOMMODATE, decided_on=days_ago(58))
    i.closed_on = days_ago(58)
    i.save()

    # Referred before the period, closed in it, then referred again (to another team).
    f_family = FamilyFactory(organisation=world.org, family_name="Quillfeather")
    f = case(world, referred_days_ago=400, family=f_family)
    contact(f, days_ago(399), EVENING)
    f_closure = closure(f, on=days_ago(280), scores={1: (5, 5, 8, 7)})
    follow_up(
        f,
        f_closure,
        months=3,
        due=days_ago(190),
        status=FollowUpCheck.Status.DONE,
        still_living_at_home="no",
        entered_care=True,
    )
    follow_up(f, f_closure, months=6, due=days_ago(100), status=FollowUpCheck.Status.NO_CONTACT)
    case(world, referred_days_ago=100, family=f_family, team=world.other_team, lead=None)
    # Another organisation's case, which must never count.
    CaseFactory(team=world.other_org_team, referral_date=days_ago(20))
    return {"a": a, "b": b, "c": c, "d": d, "f": f}


def report_for(client, **params):
    response = client.get(URL, {**PERIOD, **params})
    assert response.status_code == 200
    return response.context["report"]


def test_referrals_and_response_time(signed_in, world, six_cases):
    report = report_for(signed_in(world.team_manager))
    # a, b, c, d, e, i and the world's case; f was referred before the period.
    assert report.referrals == 7
    # First contact after 0 (a), 2 (b), 5 (c) and 1 (d) days: the median of 0, 1, 2, 5.
    assert sorted(report.response_days) == [0, 1, 2, 5]
    assert report.median_response_days == 1.5
    assert report.responded_within_target == 2
    # e and the world's case; i was closed at the decision.
    assert report.awaiting_first_contact == 2


def test_out_of_hours_share(signed_in, world, six_cases):
    report = report_for(signed_in(world.team_manager))
    # In the period: a 2, b 2, c 1, d 2 contacts; the four first contacts were evenings.
    assert report.contacts == 7
    assert report.out_of_hours_contacts == 4
    assert report.out_of_hours_share == 57.1


def test_closures_by_reason_and_living_at_home(signed_in, world, six_cases):
    report = report_for(signed_in(world.team_manager))
    assert dict(report.closures_by_reason) == {
        "Goals achieved": 2,  # a, f
        "Step down to early help": 1,  # b
        "Young person entered care": 1,  # c
        "Closed at the decision: Accommodate": 1,  # i
    }
    assert report.closures_signed_off == 4
    assert report.at_home_at_closure == 3
    assert report.at_home_share == 75.0


def test_living_at_home_at_each_follow_up(signed_in, world, six_cases):
    checks = {c["months"]: c for c in report_for(signed_in(world.team_manager)).follow_ups}
    # 3 months: a at home, f not (b's is not due until after the period).
    assert (checks[3]["yes"], checks[3]["answered"], checks[3]["share"]) == (1, 2, 50.0)
    assert checks[3]["entered_care"] == 1
    # 6 months: f's family could not be contacted; nobody answered.
    assert (checks[6]["answered"], checks[6]["share"], checks[6]["no_contact"]) == (0, None, 1)


def test_re_referrals_within_12_months_of_closure(signed_in, world, six_cases):
    report = report_for(signed_in(world.team_manager))
    # f's family was referred again 180 days after closure, to another team.
    assert report.re_referrals == 1
    assert report.re_referral_share == 25.0


def test_distance_travelled_per_domain(signed_in, world, six_cases):
    distance = {d.order: d for d in report_for(signed_in(world.team_manager)).distance}
    first = distance[1]  # a 3->7, b 2->6, c 4->3, f 5->8 (worker); 2->6, 3->5, 4->4, 5->7
    assert (first.worker_n, first.worker_baseline, first.worker_closure) == (4, 3.5, 6.0)
    assert first.worker_change == 2.5
    assert (first.family_n, first.family_baseline, first.family_closure) == (4, 3.5, 5.5)
    assert first.family_change == 2.0
    second = distance[2]  # a 4->5, b 5->5 (worker); only a has family scores, 4->6
    assert (second.worker_n, second.worker_baseline, second.worker_closure) == (2, 4.5, 5.0)
    assert second.worker_change == 0.5
    assert (second.family_n, second.family_change) == (1, 2.0)


@pytest.mark.parametrize(
    ("counted", "young_people", "total"),
    [
        # a (a parent asked; support at home) and b (support at home); f had no decision.
        (CostAssumptions.CountedCases.EDGE_OF_CARE, 2, 2 * 26 * 4000),
        (CostAssumptions.CountedCases.PARENT_ASKED, 1, 26 * 4000),
        (CostAssumptions.CountedCases.ALL, 3, 3 * 26 * 4000),
    ],
)
def test_cost_avoided(signed_in, world, six_cases, counted, young_people, total):
    CostAssumptions.objects.create(organisation=world.org, counted_cases=counted)
    cost = report_for(signed_in(world.team_manager)).cost
    assert cost.young_people == young_people
    assert cost.total == total


def test_cost_avoided_uses_the_organisations_own_assumptions(signed_in, world, six_cases):
    CostAssumptions.objects.create(
        organisation=world.org, weekly_placement_cost=3000, weeks_avoided=10
    )
    response = signed_in(world.team_manager).get(URL, PERIOD)
    assert response.context["report"].cost.total == 2 * 10 * 3000
    page = response.content.decode()
    assert "£60,000" in page
    assert "£3,000" in page


def test_filters_by_age_band_gender_and_worker(signed_in, world, six_cases):
    client = signed_in(world.team_manager)
    assert report_for(client, age_band="11_13").referrals == 1  # d
    assert report_for(client, gender="female").referrals == 1
    assert report_for(client, worker=world.colleague.pk).referrals == 0


def test_a_service_manager_sees_every_team_of_their_service(signed_in, world, six_cases):
    report = report_for(signed_in(world.service_manager))
    # The team's seven, the other team's case and the re-referral to the other team.
    assert report.referrals == 9


def test_another_organisation_sees_nothing_of_ours(signed_in, world, six_cases):
    from tests.factories import UserFactory

    manager = UserFactory(team=world.other_org_team, role="team_manager")
    report = report_for(signed_in(manager))
    assert report.referrals == 2  # their own two cases
    assert report.closures_signed_off == 0


def test_a_backwards_period_is_refused_on_the_form(signed_in, world):
    response = signed_in(world.team_manager).get(
        URL, {"date_from": TODAY.isoformat(), "date_to": days_ago(10).isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert response.context["report"].filters.date_to == TODAY  # fell back to the default


def test_a_nonsense_filter_is_refused_not_a_500(signed_in, world):
    response = signed_in(world.team_manager).get(URL, {"team": "abc", "date_from": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_case_rows_export_has_no_names_and_the_expected_columns(signed_in, world, six_cases):
    client = signed_in(world.team_manager)
    response = client.get(reverse("managers:outcomes_csv"), {**PERIOD, "part": "cases"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "Quillfeather" not in text
    assert "Zebedee" not in text
    assert "Imaginary Road" not in text
    assert "Arguments at home" not in text  # the presenting concerns
    rows = _csv(response)
    header = rows[0]
    assert header[:16] == [
        "row_id",
        "team",
        "intervention_model",
        "age_band_at_referral",
        "gender",
        "referral_month",
        "referral_source",
        "parent_asked_for_accommodation",
        "decision",
        "days_to_first_contact",
        "contacts",
        "out_of_hours_share_percent",
        "closure_month",
        "closure_reason",
        "key_outcome",
        "re_referred_within_12_months",
    ]
    assert any(h.endswith(": baseline (worker)") for h in header)
    assert "follow_up_3m_living_at_home" in header
    # a, b, c, d, e, i and the world's case referred in the period; f closed in it.
    assert len(rows) == 1 + 8
    assert six_cases["a"].reference not in text
    ids = [row[0] for row in rows[1:]]
    assert len(set(ids)) == len(ids)
    assert all(len(row_id) == 13 and row_id.startswith("R") for row_id in ids)


def test_figures_export_and_access_log(signed_in, world, six_cases):
    client = signed_in(world.team_manager)
    response = client.get(reverse("managers:outcomes_csv"), PERIOD)
    rows = _csv(response)
    assert rows[0] == ["section", "measure", "value", "out_of", "definition"]
    measures = {row[1]: row[2] for row in rows[1:]}
    assert measures["Median days from referral to first contact"] == "1.5"
    assert measures["Living at home at closure (%)"] == "75.0"
    assert measures["Estimated cost of care avoided (GBP)"] == "208000"
    assert AccessLog.objects.filter(
        user=world.team_manager, action="export", record_type=AccessLog.RecordType.OUTCOME_REPORT
    ).exists()


def test_the_report_as_a_pdf(signed_in, world, six_cases):
    response = download_document(
        signed_in(world.team_manager), reverse("managers:outcomes_pdf"), PERIOD
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(
        user=world.team_manager, action="pdf", record_type=AccessLog.RecordType.OUTCOME_REPORT
    ).exists()
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Quillfeather" not in text
    assert "Service outcomes" in text


def _many(world, n):
    for i in range(n):
        c = case(world, referred_days_ago=20 + i * 3)
        support_at_home(c)
        contact(c, days_ago(10 + i * 3), EVENING)
        if i % 2:
            done = closure(c, on=days_ago(5 + i), scores={1: (3, 3, 6, 6), 2: (4, 4, 7, 7)})
            follow_up(c, done, months=3, due=days_ago(1), status="done", still_living_at_home="yes")


@pytest.mark.parametrize(
    "url", ["managers:outcomes", "managers:outcomes_csv", "managers:outcomes_csv_cases"]
)
def test_the_report_costs_a_fixed_number_of_queries(signed_in, world, url):
    client = signed_in(world.service_manager)
    params = dict(PERIOD)
    if url == "managers:outcomes_csv_cases":
        url, params["part"] = "managers:outcomes_csv", "cases"

    def count():
        cache.clear()  # the cost of working the report out, not of reusing it
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url), params).status_code == 200
        return len(ctx.captured_queries)

    _many(world, 5)
    few = count()
    _many(world, 45)
    assert count() == few


# Reusing a worked-out report --------------------------------------------------------------------


def test_the_report_is_reused_for_ten_minutes_and_says_when_it_was_worked_out(
    signed_in, world, six_cases
):
    client = signed_in(world.team_manager)
    first = client.get(URL, PERIOD)
    assert first.context["report"].referrals == 7
    case(world, referred_days_ago=5)  # a new referral in the period
    with CaptureQueriesContext(connection) as reused:
        again = client.get(URL, PERIOD)
    assert again.context["report"].referrals == 7  # the same figures, not built again
    assert "Figures worked out at" in again.content.decode()
    assert "at most every 10 minutes" in again.content.decode()
    cache.clear()
    with CaptureQueriesContext(connection) as built:
        fresh = client.get(URL, PERIOD)
    assert fresh.context["report"].referrals == 8
    assert len(reused.captured_queries) < len(built.captured_queries)


def test_the_page_csv_and_pdf_of_one_report_agree(signed_in, world, six_cases):
    client = signed_in(world.team_manager)
    client.get(URL, PERIOD)
    case(world, referred_days_ago=5)
    response = client.get(reverse("managers:outcomes_csv"), {**PERIOD, "part": "figures"})
    rows = {row[1]: row[2] for row in _csv(response)}
    assert rows["Referrals received"] == "7"


def test_changed_cost_assumptions_show_at_once(signed_in, world, six_cases):
    client = signed_in(world.team_manager)
    assert report_for(client).cost.total == 2 * 26 * 4000
    CostAssumptions.objects.create(organisation=world.org, weekly_placement_cost=3000)
    assert report_for(client).cost.total == 2 * 26 * 3000


def test_a_cached_report_never_crosses_scopes(signed_in, world, six_cases):
    # The service manager's report is worked out first; the team manager must still get only
    # their own team's figures, and the other organisation only theirs.
    assert report_for(signed_in(world.service_manager)).referrals == 9
    assert report_for(signed_in(world.team_manager)).referrals == 7
    from tests.factories import UserFactory

    other = UserFactory(team=world.other_org_team, role="team_manager")
    assert report_for(signed_in(other)).referrals == 2


def test_colleagues_with_the_same_scope_share_one_report(signed_in, world, six_cases):
    from tests.factories import UserFactory

    deputy = UserFactory(team=world.team, role="team_manager", organisation=world.org)
    report_for(signed_in(world.team_manager))
    client = signed_in(deputy)
    case(world, referred_days_ago=5)
    assert report_for(client).referrals == 7


def test_no_reuse_when_the_cache_time_is_zero(signed_in, world, six_cases, settings):
    settings.OUTCOME_REPORT_CACHE_SECONDS = 0
    client = signed_in(world.team_manager)
    assert report_for(client).referrals == 7
    case(world, referred_days_ago=5)
    response = client.get(URL, PERIOD)
    assert response.context["report"].referrals == 8
    assert "at most every" not in response.content.decode()


def test_the_case_rows_export_agrees_with_the_cached_page(signed_in, world, six_cases):
    client = signed_in(world.team_manager)
    assert client.get(URL, PERIOD).status_code == 200
    case(world, referred_days_ago=5)  # recorded after the page's figures were worked out
    params = {**PERIOD, "part": "cases"}
    cached = _csv(client.get(reverse("managers:outcomes_csv"), params))
    cache.clear()
    rebuilt = _csv(client.get(reverse("managers:outcomes_csv"), params))
    assert len(rebuilt) == len(cached) + 1


def test_a_reused_report_shows_the_same_figures_and_charts(signed_in, world, six_cases):
    client = signed_in(world.team_manager)
    first = client.get(URL, PERIOD).content.decode()
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get(URL, PERIOD).content.decode()
    for page in (first, second):
        assert "7 referrals received." in page
        assert page.count('class="ec-chart"') == first.count('class="ec-chart"') > 0
    # The figures come from the cache: no query reads cases, contacts or closures.
    tables = " ".join(q["sql"] for q in second_queries.captured_queries)
    assert "families_contact" not in tables
    assert "reviews_closure" not in tables


def test_the_distance_chart_and_its_table_show_the_same_changes_for_awkward_means(signed_in, world):
    # Worker: 3->5, 3->6, 4->6: means 3.33 and 5.67, shown as 3.3 and 5.7, so the change
    # shown is 2.4 (the mean of the three changes, 2.33, would print as 2.3 beside a chart
    # saying 2.4). Family: 2->4, 2->5, 3->4: 2.3 to 4.3, a change of 2.
    for scores in ({1: (3, 2, 5, 4)}, {1: (3, 2, 6, 5)}, {1: (4, 3, 6, 4)}):
        closed = case(world, referred_days_ago=200)
        support_at_home(closed)
        closure(closed, on=days_ago(30), scores=scores)
    client = signed_in(world.team_manager)
    report = report_for(client)
    row = next(d for d in report.distance if d.order == 1)
    assert (row.worker_baseline, row.worker_closure, row.worker_change) == (3.3, 5.7, 2.4)
    assert (row.family_baseline, row.family_closure, row.family_change) == (2.3, 4.3, 2.0)
    charts = outcome_charts(report)
    for who, change in (("worker", "+2.4"), ("family", "+2")):
        svg = ET.fromstring(str(charts[f"distance_{who}"]))  # noqa: S314 - our own SVG
        shown = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "ec-change"]
        assert shown == [change]

    from pypdf import PdfReader

    response = download_document(client, reverse("managers:outcomes_pdf"), PERIOD)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    text = "\n".join(pages)
    # The chart's change and the table's, both +2.4; the table's row whole on one page.
    assert text.count("+2.4") == 2
    assert "+2.3" not in text
    assert any("3 3.3 5.7 +2.4 3 2.3 4.3 +2.0" in page for page in pages)
