"""Documents made in the background, digests and the schedule, run by the worker's own loop in
this process (tests/background.py); the faults that need a real worker process are in
test_background_worker.py."""

from __future__ import annotations

import datetime
import logging

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casefile.schedule import JOBS, run_job
from edgecare.models import AccessLog, PreparedDocument, ScheduledJob
from edgecare.schedule import Daily, Every, Job, tick
from managers.digest import digest_for, send_daily_digests
from managers.models import Notification
from tests.assertions import assert_shows
from tests.background import queued_document, run_queued_tasks
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def case_record_url(case) -> str:
    return reverse("case_record:pdf", args=[case.pk])


def test_the_pdf_link_queues_the_document_and_its_page_refreshes_itself_until_it_is_ready(
    world, signed_in
):
    client = signed_in(world.key_worker)
    document = queued_document(client.get(case_record_url(world.case)))
    assert document.requested_by == world.key_worker
    assert document.status == PreparedDocument.Status.PREPARING
    page = assert_shows(
        client.get(reverse("document_status", args=[document.pk])),
        "Your document is being prepared",
    )
    # Its static script asks for the status (no inline script, no timed refresh).
    assert "data-document-status-url" in page
    assert "<script>" not in page
    answer = client.get(
        reverse("document_status", args=[document.pk]), headers={"Accept": "application/json"}
    )
    assert answer.json() == {"status": "preparing"}
    # Nothing has left the system yet, so nothing is logged as downloaded.
    assert not AccessLog.objects.filter(action=AccessLog.Action.PDF).exists()

    run_queued_tasks()

    page = assert_shows(
        client.get(reverse("document_status", args=[document.pk])), "Your document is ready"
    )
    assert "data-document-status-url" not in page
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert (
        AccessLog.objects.filter(
            user=world.key_worker,
            action=AccessLog.Action.PDF,
            record_type=AccessLog.RecordType.CASE_RECORD,
            case_id=world.case.pk,
        ).count()
        == 1
    )


def test_asking_again_while_it_is_being_made_is_one_job_and_after_it_is_made_a_fresh_one(
    world, signed_in
):
    client = signed_in(world.key_worker)
    first = queued_document(client.get(case_record_url(world.case)))
    again = queued_document(client.get(case_record_url(world.case)))
    assert again.pk == first.pk
    assert DBTaskResult.objects.count() == 1
    run_queued_tasks()
    fresh = queued_document(client.get(case_record_url(world.case)))
    assert fresh.pk != first.pk


def test_a_document_is_its_requesters_alone_and_gone_after_its_keeping_time(
    world, signed_in, settings
):
    # Shorter than the sessions' idle expiry, so the requester is still signed in after it.
    settings.DOCUMENT_KEEP_MINUTES = 20
    client = signed_in(world.key_worker)
    document = queued_document(client.get(case_record_url(world.case)))
    run_queued_tasks()
    # The case's own manager may see the case, but not someone else's copy of its record.
    manager = signed_in(world.team_manager)
    for name in ("document_status", "document_download"):
        response = manager.get(reverse(name, args=[document.pk]))
        assert response.status_code == 404
        assert world.case.family.family_name.encode() not in response.content
    assert (
        AccessLog.objects.filter(
            user=world.team_manager, action=AccessLog.Action.REFUSED, case_id=world.case.pk
        ).count()
        == 2
    )
    client = signed_in(world.key_worker)
    later = timezone.now() + datetime.timedelta(minutes=21)
    with time_machine.travel(later, tick=False):
        for name in ("document_status", "document_download"):
            assert client.get(reverse(name, args=[document.pk])).status_code == 404
        # The schedule's purge deletes it outright.
        run_job.call("purge-expired-documents")
    assert not PreparedDocument.objects.filter(pk=document.pk).exists()


def test_a_broken_template_is_retried_a_bounded_number_of_times_then_the_person_is_told(
    world, signed_in, settings, tmp_path, caplog
):
    broken = tmp_path / "casefile" / "case_record"
    broken.mkdir(parents=True)
    (broken / "pdf.html").write_text("{% if %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_SECONDS = 0
    client = signed_in(world.key_worker)
    document = queued_document(client.get(case_record_url(world.case)))
    with caplog.at_level(logging.INFO, logger="edgecare.documents"):
        run_queued_tasks()
    document.refresh_from_db()
    assert (document.status, document.attempts) == (PreparedDocument.Status.FAILED, 3)
    assert_shows(
        client.get(reverse("document_status", args=[document.pk])),
        "Your document could not be prepared",
        "Try again",
    )
    messages = [r.getMessage() for r in caplog.records if r.name == "edgecare.documents"]
    assert sum("will retry" in m for m in messages) == 2
    assert any("giving up" in m and "reason=TemplateSyntaxError" in m for m in messages)
    assert not any(world.case.family.family_name in m for m in messages)
    assert not any(world.case.reference in m for m in messages)


def test_a_digest_names_only_cases_the_recipient_may_see(world):
    today = timezone.localdate()
    # Every case here has had no contact for 30 days: each has gone quiet.
    assert world.case.lead_professional == world.key_worker
    colleague_case = CaseFactory(team=world.team, lead_professional=world.colleague)
    worker = digest_for(world.key_worker, today=today)
    assert worker.gone_quiet == [world.case.reference]
    manager = digest_for(world.team_manager, today=today)
    assert set(manager.gone_quiet) == {world.case.reference, colleague_case.reference}
    assert world.other_team_case.reference not in manager.gone_quiet
    assert (
        world.other_org_case.reference
        not in digest_for(world.service_manager, today=today).gone_quiet
    )


def test_the_daily_digest_tells_each_recipient_once_a_day(world):
    assert send_daily_digests() >= 2
    note = Notification.objects.get(recipient=world.key_worker, kind="daily_digest")
    assert world.case.reference in note.text
    assert world.other_team_case.reference not in note.text
    # Run again (a retry, a second scheduler): nobody is told twice.
    assert send_daily_digests() == 0
    assert Notification.objects.filter(recipient=world.key_worker, kind="daily_digest").count() == 1


def test_a_due_slot_is_won_by_one_scheduler_only():
    queued = []
    job = Job("test-job", Every(datetime.timedelta(hours=1)), lambda: None)
    now = timezone.now()
    assert tick([job], enqueue=queued.append, claimed_by="a", now=now) == []  # first due later
    ScheduledJob.objects.filter(name="test-job").update(next_run_at=now)
    row = ScheduledJob.objects.get(name="test-job")
    # Both schedulers read the same due slot; the second's conditional update matches nothing.
    assert tick([job], enqueue=queued.append, claimed_by="a", now=now) == ["test-job"]
    ScheduledJob.objects.filter(name="test-job").update(
        next_run_at=row.next_run_at
    ) if False else None
    assert tick([job], enqueue=queued.append, claimed_by="b", now=now) == []
    assert queued == ["test-job"]
    assert ScheduledJob.objects.get(name="test-job").last_claimed_by == "a"


def test_a_daily_job_is_next_due_at_its_local_time():
    london = datetime.timezone(datetime.timedelta(hours=0))
    morning = Daily(datetime.time(7, 0))
    after_seven = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=london)
    assert timezone.localtime(morning.next_after(after_seven)).date() == datetime.date(2026, 1, 6)
    mondays = Daily(datetime.time(6, 30), weekday=0)
    assert morning.next_after(after_seven).hour == 7
    assert mondays.next_after(after_seven).weekday() == 0
    assert mondays.next_after(after_seven) > after_seven


def test_every_scheduled_job_has_a_unique_name_and_runs():
    names = [job.name for job in JOBS]
    assert len(names) == len(set(names))
    for name in names:
        assert run_job.call(name) == "done"
