"""The worker as a real process (`manage.py run_worker`) against the test database: a queued
case record is made by it; killed with kill -9 in the middle of a PDF, the job runs again and
makes one document; its database closed to connections and its connections cut for two seconds
(on this test database only), it reconnects by itself; two of them started at once send one digest.

A second process needs a database it can reach: PostgreSQL (CI, .ci/run). The SQLite test
database lives in this process's memory, so there these tests are skipped, saying why.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from edgecare.models import AccessLog, PreparedDocument, ScheduledJob, WorkerHeartbeat
from managers.models import Notification
from tests.background import queued_document
from tests.factories import ContactFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process needs a shared database: run with DATABASE_URL=postgres://...",
    ),
]

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, *, seconds: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting: {what}")


@pytest.fixture(autouse=True)
def real_clock():
    """The worker processes keep real time, so this test does too (the suite's clock is moved
    to noon, tests/conftest.py)."""
    real_now = datetime.datetime.fromtimestamp(time_machine.escape_hatch.time.time(), datetime.UTC)
    with time_machine.travel(real_now, tick=True):
        yield


@pytest.fixture
def start_worker():
    """Start `manage.py run_worker` processes on the test database; killed after the test."""
    started: list[subprocess.Popen] = []

    def start(worker_id: str) -> subprocess.Popen:
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "WORKER_HEARTBEAT_SECONDS": "0.5",
            "WORKER_LOST_SECONDS": "3",
            "TASK_RETRY_SECONDS": "0",
        }
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval=0.2",
                f"--worker-id={worker_id}",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        wait_for(
            lambda: (
                WorkerHeartbeat.objects.filter(worker_id=worker_id).exists()
                or process.poll() is not None
            ),
            what=f"worker {worker_id} to start",
        )
        assert process.poll() is None, process.communicate()[0]
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def status_of(document: PreparedDocument) -> str:
    document.refresh_from_db(fields=["status"])
    return document.status


def test_a_queued_case_record_is_made_by_the_worker_and_downloads_for_its_requester(
    world, signed_in, start_worker
):
    start_worker("worker-one")
    client = signed_in(world.key_worker)
    document = queued_document(client.get(reverse("case_record:pdf", args=[world.case.pk])))
    wait_for(lambda: status_of(document) == "ready", what="the document to be made")
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200
    assert "Case record" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert (
        AccessLog.objects.filter(user=world.key_worker, action="pdf", case_id=world.case.pk).count()
        == 1
    )
    assert DBTaskResult.objects.get(pk=document.task_id).worker_ids == ["worker-one"]


def test_the_worker_gives_way_to_the_web_workers_at_the_niceness_set(start_worker):
    # Documents are background work: on a shared host the pages people wait for come first.
    process = start_worker("worker-nice")
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, process.pid) == max(ours, settings.WORKER_NICENESS)
    assert settings.WORKER_NICENESS == 10


def test_a_worker_killed_in_the_middle_of_a_pdf_leaves_one_document_made_by_the_next(
    world, signed_in, start_worker
):
    # Enough contacts, every one in the record, for the PDF to take a while to lay out.
    for n in range(150):
        ContactFactory(case=world.case, recorded_by=world.key_worker, purpose=f"Visit {n}")
    client = signed_in(world.key_worker)
    first = start_worker("doomed")
    document = queued_document(
        client.get(reverse("case_record:pdf", args=[world.case.pk]) + "?chronology=full")
    )
    task = DBTaskResult.objects.get(pk=document.task_id)
    wait_for(
        lambda: DBTaskResult.objects.filter(pk=task.pk, status="RUNNING").exists(),
        what="the worker to start the PDF",
    )
    time.sleep(0.5)  # into the layout
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert status_of(document) == "preparing", "the PDF finished before the kill: add contacts"
    assert PreparedDocument.objects.get(pk=document.pk).content is None

    start_worker("rescuer")
    wait_for(lambda: status_of(document) == "ready", what="the job to run again")
    task.refresh_from_db()
    assert task.worker_ids == ["doomed", "rescuer"]
    assert task.status == "SUCCESSFUL"
    made = PreparedDocument.objects.get(pk=document.pk)
    assert made.attempts == 2
    assert PreparedDocument.objects.filter(requested_by=world.key_worker).count() == 1
    assert "Visit 149" in " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(bytes(made.content))).pages
    )


@contextlib.contextmanager
def server_connection():
    """A connection to the server's own `postgres` database, as the test database's user."""
    settings_dict = connection.settings_dict
    server = psycopg2.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or None,
    )
    server.autocommit = True
    try:
        yield server
    finally:
        server.close()


def test_the_worker_reconnects_by_itself_after_its_database_connections_are_cut(
    world, signed_in, start_worker
):
    worker = start_worker("survivor")
    # For two seconds this test database takes no connection and has every one but our own
    # cut, as a database restart would be (the machine's PostgreSQL itself is left alone).
    # Refusing new connections makes the outage certain to be met: cutting them alone could
    # fall between the worker's short-lived ones.
    # (PostgreSQL changes that only from a connection to another database: the server's own.)
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with server_connection() as server, connection.cursor() as cursor:
        server.cursor().execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        try:
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                time.sleep(0.1)
        finally:
            server.cursor().execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    client = signed_in(world.key_worker)
    document = queued_document(client.get(reverse("case_record:pdf", args=[world.case.pk])))
    wait_for(lambda: status_of(document) == "ready", what="the worker to come back")
    assert worker.poll() is None
    worker.send_signal(signal.SIGTERM)
    output = worker.communicate(timeout=30)[0]
    assert "database unavailable worker=survivor" in output or "housekeeping failed" in output


def test_two_schedulers_started_at_once_send_one_digest(world, start_worker):
    # The world's cases have had no contact for 30 days: gone quiet, so there is a digest.
    ScheduledJob.objects.create(name="daily-digest", next_run_at=timezone.now())
    start_worker("scheduler-a")
    start_worker("scheduler-b")
    wait_for(
        lambda: (
            Notification.objects.filter(kind="daily_digest").exists()
            and not DBTaskResult.objects.filter(
                task_path="casefile.schedule.run_job", status__in=["READY", "RUNNING"]
            ).exists()
        ),
        what="the digest",
    )
    # Both have ticked the schedule a few more times since.
    seen = timezone.now()
    wait_for(
        lambda: (
            WorkerHeartbeat.objects.filter(seen_at__gt=seen).count() == 2
            and WorkerHeartbeat.objects.filter(
                seen_at__gt=seen + datetime.timedelta(seconds=1)
            ).count()
            == 2
        ),
        what="both schedulers to tick again",
    )
    assert Notification.objects.filter(kind="daily_digest", recipient=world.key_worker).count() == 1
    assert DBTaskResult.objects.filter(task_path="casefile.schedule.run_job").count() == 1
    assert ScheduledJob.objects.get(name="daily-digest").last_claimed_by in (
        "scheduler-a",
        "scheduler-b",
    )
    assert ScheduledJob.objects.get(name="daily-digest").next_run_at > timezone.now()
