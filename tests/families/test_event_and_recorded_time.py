"""When it happened and when it was recorded: referral time and hours to first contact, late
entry allowed and shown ("recorded N working days later"), each worker's share of late
records, and an allocation that takes effect on the day it did."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from families.models import Allocation, Case, Contact
from families.selectors import first_contact_summary
from families.services import allocatable_workers
from managers.outcomes import build_report
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db

LONDON_NOON = datetime.datetime(2026, 11, 30, 12, 0)  # a Monday


def test_hours_to_first_contact_count_from_the_referrals_time_not_its_day(world):
    case = CaseFactory(
        team=world.team,
        referral_date=datetime.date(2026, 11, 26),
        referral_time=datetime.time(16, 0),
    )
    first = ContactFactory(
        case=case, contact_date=datetime.date(2026, 11, 27), start_time=datetime.time(10, 0)
    )
    summary = first_contact_summary(case, first, timezone.localdate())
    assert summary == {
        "text": "First contact 18 hours after the referral was received",
        "late": False,
    }
    late = ContactFactory.build(
        case=case, contact_date=datetime.date(2026, 11, 27), start_time=datetime.time(17, 0)
    )
    assert first_contact_summary(case, late, timezone.localdate())["late"] is True


def test_the_referral_form_takes_a_time_and_refuses_a_time_without_a_date(world, signed_in):
    client = signed_in(world.key_worker)
    case = world.case
    url = reverse("families:case_edit", args=[case.pk])
    page = client.get(url)
    assert 'name="referral_time"' in page.content.decode()
    data = {
        "row_version": case.row_version,
        "referral_date": "",
        "referral_time": "16:05",
        "referral_source": case.referral_source,
        "presenting_concerns": "Arguments every evening; he stays out late.",
        "urgency": case.urgency,
        "young_people": [p.pk for p in case.young_people.all()],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the date of the referral as well as its time" in text
    assert "Arguments every evening; he stays out late." in text
    case.refresh_from_db()
    assert case.referral_time is None
    data["referral_date"] = case.referral_date.isoformat()
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.referral_time == datetime.time(16, 5)
    assert "at 16:05" in client.get(case.get_absolute_url()).content.decode()


def test_a_contact_typed_in_late_is_allowed_and_says_how_late(world, signed_in):
    with time_machine.travel(timezone.make_aware(LONDON_NOON), tick=False):
        # Tuesday the 24th, typed in on Monday the 30th: four working days later.
        late = ContactFactory(
            case=world.case,
            contact_date=datetime.date(2026, 11, 24),
            recorded_by=world.key_worker,
        )
        # Thursday the 26th: two working days, within LATE_RECORDING_DAYS.
        on_time = ContactFactory(
            case=world.case,
            contact_date=datetime.date(2026, 11, 26),
            recorded_by=world.key_worker,
        )
        assert late.recorded_days_later == 4
        assert on_time.recorded_days_later is None
        client = signed_in(world.key_worker)
        detail = client.get(
            reverse("families:contact_detail", args=[world.case.pk, late.pk])
        ).content.decode()
        assert "recorded 4 working days later" in detail
        with override_settings(LATE_RECORDING_DAYS=5):
            assert Contact.objects.get(pk=late.pk).recorded_days_later is None


def test_caseloads_show_each_workers_share_of_late_records(world, signed_in):
    with time_machine.travel(timezone.make_aware(LONDON_NOON), tick=False):
        for day in (24, 25, 27, 30):
            ContactFactory(
                case=world.case,
                contact_date=datetime.date(2026, 11, day),
                recorded_by=world.key_worker,
            )
        response = signed_in(world.team_manager).get(reverse("managers:caseloads"))
    rows = {row.worker: row for row in response.context["rows"]}
    row = rows[world.key_worker]
    assert (row.late_records, row.records) == (2, 4)
    assert row.late_share == 50
    assert "Recorded late" in response.content.decode()


def test_the_outcome_report_gives_the_share_seen_within_24_hours_and_the_median_hours(world):
    referred = datetime.date(2026, 11, 2)
    for hour, seen in ((16, (3, 10)), (9, (2, 15)), (11, (4, 11))):
        case = CaseFactory(
            team=world.team, referral_date=referred, referral_time=datetime.time(hour, 0)
        )
        ContactFactory(
            case=case,
            contact_date=referred + datetime.timedelta(days=seen[0] - 2),
            start_time=datetime.time(seen[1], 0),
        )
    from managers.outcome_facts import ReportFilters

    report = build_report(
        world.team_manager,
        ReportFilters(date_from=datetime.date(2026, 11, 1), date_to=datetime.date(2026, 11, 30)),
    )
    # 16:00 -> next day 10:00 = 18 h; 09:00 -> same day 15:00 = 6 h; 11:00 -> +2 days 11:00 = 48 h
    assert sorted(report.response_hours) == [6, 18, 48]
    assert report.within_24_hours == 2
    assert report.within_24_hours_share == 66.7
    assert report.median_response_hours == 18.0


def test_an_allocation_takes_effect_on_the_day_it_did(world, signed_in):
    case = world.case
    effective = timezone.localdate() - datetime.timedelta(days=2)
    worker = allocatable_workers(case.team).exclude(pk=case.lead_professional_id).first()
    assert worker is not None
    client = signed_in(world.team_manager)
    url = reverse("families:case_allocate", args=[case.pk])
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(
        url, {"worker": worker.pk, "reason": "Leave cover", "effective_on": future}
    )
    assert refused.status_code == 400
    assert "cannot take effect in the future" in refused.content.decode()
    assert "Leave cover" in refused.content.decode()
    response = client.post(
        url, {"worker": worker.pk, "reason": "Leave cover", "effective_on": effective.isoformat()}
    )
    assert response.status_code == 302
    allocation = Allocation.objects.filter(case=case, worker=worker).get()
    assert timezone.localdate(allocation.started_at) == effective
    assert timezone.localdate(allocation.created_at) == timezone.localdate()
    case.refresh_from_db()
    assert case.lead_professional == worker
    assert Case.objects.get(pk=case.pk).allocations.filter(ended_at__isnull=True).count() == 1
