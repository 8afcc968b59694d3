"""Where each young person lives over time, and their plans and orders: a move in one step,
bad dates refused with the text kept and nothing saved, and the history shown on the case page,
in the chronology, the case record and the subject access export."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from edgecare.models import AccessLog
from families import services
from families.models import ArrangementKind, LegalStatus, LivingArrangement
from families.selectors import current_arrangements
from tests.assertions import assert_refused_with, assert_shows, page_query_count
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

K = ArrangementKind
TODAY = timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def household(world):
    """Donna (the case's young person), her mum Karen and her aunt Lisa, who lives elsewhere."""
    case = world.case
    donna = case.young_people.get()
    donna.first_name = "Donna"
    donna.save()
    mum = PersonFactory(
        family=case.family, first_name="Karen", relationship="mother", is_focus=False
    )
    aunt = PersonFactory(
        family=case.family,
        first_name="Lisa",
        relationship="aunt_uncle",
        is_focus=False,
        lives_in_household=False,
    )
    dad = PersonFactory(
        family=case.family,
        first_name="Mark",
        relationship="father",
        is_focus=False,
        lives_in_household=False,
    )
    services.record_move(
        case=case,
        young_person=donna,
        recorded_by=world.key_worker,
        kind=K.WITH_PARENTS,
        lives_with=[mum],
        started_on=days_ago(400),
        reason="Always lived with her mum.",
    )
    return {"case": case, "donna": donna, "mum": mum, "aunt": aunt, "dad": dad}


def _move(h, **data) -> dict:
    return {
        "young_person": h["donna"].pk,
        "kind": K.KINSHIP_INFORMAL,
        "lives_with": [h["aunt"].pk],
        "started_on": days_ago(10).isoformat(),
        "reason": "Moved to her aunt's after the rows at home.",
        **data,
    }


ADD = "families:arrangement_add"


def test_a_move_closes_where_she_lived_and_opens_the_next_in_one_step(signed_in, world, household):
    case = household["case"]
    response = signed_in(world.key_worker).post(reverse(ADD, args=[case.pk]), _move(household))
    assert response.status_code == 302
    before, now = LivingArrangement.objects.filter(young_person=household["donna"]).order_by(
        "started_on"
    )
    assert before.ended_on == days_ago(10)
    assert now.ended_on is None
    assert list(now.lives_with.all()) == [household["aunt"]]
    assert current_arrangements(case)[household["donna"].pk] == now

    # Then to her father's: the aunt's ends, the history keeps all three.
    services.record_move(
        case=case,
        young_person=household["donna"],
        recorded_by=world.key_worker,
        kind=K.WITH_PARENTS,
        lives_with=[household["dad"]],
        started_on=days_ago(2),
        reason="Both parents agreed she would live with her dad.",
    )
    page = signed_in(world.key_worker).get(case.get_absolute_url())
    assert_shows(page, f"Lives with {household['dad'].full_name} since")
    history = signed_in(world.key_worker).get(reverse("families:case_living", args=[case.pk]))
    assert_shows(
        history,
        household["mum"].full_name,
        household["aunt"].full_name,
        household["dad"].full_name,
    )
    assert LivingArrangement.objects.filter(young_person=household["donna"]).count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"started_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "today or in the past"),
        ({"started_on": "1990-01-01"}, "on or after"),
        (
            {"started_on": days_ago(30).isoformat(), "ended_on": days_ago(40).isoformat()},
            "The date they moved out must be after",
        ),
        ({"lives_with": []}, "Choose who of the family they live with"),
        ({"kind": K.CARE_FOSTER, "lives_with": []}, "section 20 or an order"),
        ({"kind": K.SUPPORTED_LIVING, "lives_with": []}, "aged 16 or over"),
        # Before where she lives now started, without an end: a move cannot go back in time.
        ({"started_on": days_ago(500).isoformat()}, "The move must be after"),
        # An earlier arrangement that overlaps the one recorded.
        (
            {"started_on": days_ago(500).isoformat(), "ended_on": days_ago(300).isoformat()},
            "These dates overlap another arrangement",
        ),
    ],
)
def test_bad_dates_and_choices_are_refused_with_the_text_kept_and_nothing_saved(
    signed_in, world, household, data, message
):
    response = signed_in(world.key_worker).post(
        reverse(ADD, args=[household["case"].pk]), _move(household, **data)
    )
    text = assert_refused_with(response, message)
    assert "Moved to her aunt&#x27;s after the rows at home." in text
    assert LivingArrangement.objects.count() == 1
    assert LivingArrangement.objects.get().ended_on is None


def test_an_earlier_arrangement_fills_in_the_history_without_moving_her(
    signed_in, world, household
):
    response = signed_in(world.key_worker).post(
        reverse(ADD, args=[household["case"].pk]),
        _move(
            household,
            started_on=days_ago(700).isoformat(),
            ended_on=days_ago(400).isoformat(),
            reason="Lived with her aunt while her mum was in hospital.",
        ),
    )
    assert response.status_code == 302
    assert current_arrangements(household["case"])[household["donna"].pk].kind == K.WITH_PARENTS


def test_a_correction_that_would_overlap_is_refused(signed_in, world, household):
    case, donna = household["case"], household["donna"]
    services.record_move(
        case=case,
        young_person=donna,
        recorded_by=world.key_worker,
        kind=K.KINSHIP_INFORMAL,
        lives_with=[household["aunt"]],
        started_on=days_ago(10),
        reason="To her aunt's.",
    )
    first = LivingArrangement.objects.filter(young_person=donna).order_by("started_on").first()
    url = reverse("families:arrangement_edit", args=[case.pk, first.pk])
    response = signed_in(world.key_worker).post(
        url,
        {
            "kind": K.WITH_PARENTS,
            "lives_with": [household["mum"].pk],
            "started_on": days_ago(400).isoformat(),
            "ended_on": "",
            "reason": "Always lived with her mum.",
            "row_version": first.row_version,
        },
    )
    assert_refused_with(response, "These dates overlap another arrangement")
    first.refresh_from_db()
    assert first.ended_on == days_ago(10)


def _order(h, **data) -> dict:
    return {
        "young_person": h["donna"].pk,
        "kind": LegalStatus.Kind.CHILD_ARRANGEMENTS,
        "people_named": [h["aunt"].pk],
        "started_on": days_ago(5).isoformat(),
        "notes": "Fernbridge Family Court.",
        **data,
    }


def test_a_child_arrangements_order_names_the_aunt(signed_in, world, household):
    case = household["case"]
    client = signed_in(world.key_worker)
    response = client.post(reverse("families:legal_status_add", args=[case.pk]), _order(household))
    assert response.status_code == 302
    order = LegalStatus.objects.get()
    assert list(order.people_named.all()) == [household["aunt"]]
    assert_shows(
        client.get(case.get_absolute_url()),
        f"Child arrangements order, naming {household['aunt'].full_name}",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"started_on": days_ago(5).isoformat(), "ended_on": days_ago(6).isoformat()},
            "The date it ended must be on or after the date it started",
        ),
        ({"started_on": (TODAY + datetime.timedelta(days=3)).isoformat()}, "today or in the past"),
        ({"started_on": "1990-01-01"}, "date of birth"),
        ({"people_named": []}, "Choose the people the order names"),
        ({"kind": "cp", "people_named": []}, "Choose the category"),
    ],
)
def test_a_bad_plan_or_order_is_refused_with_the_text_kept(
    signed_in, world, household, data, message
):
    response = signed_in(world.key_worker).post(
        reverse("families:legal_status_add", args=[household["case"].pk]),
        _order(household, **data),
    )
    text = assert_refused_with(response, message)
    assert "Fernbridge Family Court." in text
    assert not LegalStatus.objects.exists()


def test_two_child_protection_plans_at_once_are_refused(signed_in, world, household):
    client = signed_in(world.key_worker)
    url = reverse("families:legal_status_add", args=[household["case"].pk])
    plan = {"kind": "cp", "protection_category": "neglect", "people_named": []}
    assert client.post(url, _order(household, **plan)).status_code == 302
    response = client.post(url, _order(household, **plan, started_on=days_ago(2).isoformat()))
    assert_refused_with(response, "already has a child protection plan")
    assert LegalStatus.objects.count() == 1


def test_a_plan_ends_and_stays_in_the_history_and_chronology(signed_in, world, household):
    case = household["case"]
    plan = services.record_legal_status(
        case=case,
        young_person=household["donna"],
        recorded_by=world.key_worker,
        kind="cp",
        protection_category="emotional",
        started_on=days_ago(60),
    )
    client = signed_in(world.key_worker)
    end = reverse("families:legal_status_end", args=[case.pk, plan.pk])
    refused = client.post(
        end, {"ended_on": days_ago(61).isoformat(), "row_version": plan.row_version}
    )
    assert_refused_with(refused, "on or after the date it started")
    done = client.post(end, {"ended_on": days_ago(3).isoformat(), "row_version": plan.row_version})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.ended_on == days_ago(3)
    chronology = client.get(reverse("families:case_chronology", args=[case.pk]))
    assert_shows(
        chronology,
        "child protection plan ended",
        f"{household['donna'].full_name} lives with {household['mum'].full_name}",
    )


def test_the_case_record_holds_household_arrangements_orders_and_agencies(
    signed_in, world, household
):
    from tests.factories import AgencyInvolvementFactory

    case = household["case"]
    services.record_legal_status(
        case=case,
        young_person=household["donna"],
        recorded_by=world.key_worker,
        kind="cin",
        started_on=days_ago(30),
    )
    AgencyInvolvementFactory(
        case=case,
        agency_name="Fernbridge Academy",
        contact_name="Ms Okafor",
        contact_role="Head of year 8",
        started_on=days_ago(90),
    )
    response = signed_in(world.team_manager).get(reverse("case_record:html", args=[case.pk]))
    assert_shows(
        response,
        "Household",
        household["aunt"].full_name,
        "Where the young people have lived",
        "Always lived with her mum.",
        "Legal status and orders",
        "Child in need plan",
        "Agencies involved",
        "Ms Okafor, Head of year 8",
    )


def test_the_subject_access_export_holds_where_she_lived_and_her_orders(
    signed_in, world, household
):
    case, donna = household["case"], household["donna"]
    services.record_legal_status(
        case=case,
        young_person=donna,
        recorded_by=world.key_worker,
        kind="cin",
        started_on=days_ago(30),
    )
    response = signed_in(world.team_manager).get(
        reverse("families:subject_access_json", args=[case.family_id, donna.pk])
    )
    sections = {s["title"]: s["records"] for s in response.json()["sections"]}
    lived = sections["Where they have lived, or who has lived with them"]
    assert lived[0]["Why they live there"] == "Always lived with her mum."
    assert sections["Plans and orders"][0]["Plan or order"] == "Child in need plan"


def test_another_cases_arrangement_under_this_case_is_not_found(signed_in, world, household):
    other = LivingArrangement.objects.get()
    url = reverse("families:arrangement_edit", args=[world.other_team_case.pk, other.pk])
    assert signed_in(world.key_worker).get(url).status_code == 404
    assert AccessLog.objects.filter(action=AccessLog.Action.REFUSED).exists()


def test_the_history_page_costs_the_same_queries_for_5_and_50_arrangements(signed_in, world):
    case = world.case
    donna = case.young_people.get()
    client = signed_in(world.key_worker)
    url = reverse("families:case_living", args=[case.pk])

    def with_arrangements(n: int, start: int) -> int:
        for i in range(n):
            services.record_move(
                case=case,
                young_person=donna,
                recorded_by=world.key_worker,
                kind=K.KINSHIP_INFORMAL,
                lives_with=[PersonFactory(family=case.family, is_focus=False)],
                started_on=days_ago(start - i),
                reason=f"Move {i}.",
            )
        return page_query_count(client, url), page_query_count(client, case.get_absolute_url())

    five = with_arrangements(5, 200)
    fifty = with_arrangements(45, 150)
    assert LivingArrangement.objects.count() == 50
    assert five == fifty
