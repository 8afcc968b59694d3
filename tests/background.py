"""Background work in tests.

`run_queued_tasks` runs every queued task in this process with django-tasks-db's own worker
code (its claim and `run_task`), inside the test's transaction,
so tests that only need a document made need no second process. The tests that need a real
worker process (a kill, a lost connection, two schedulers) start `manage.py run_worker` against
the test database with the `worker_process` fixture (tests/background_processes.py).
"""

from __future__ import annotations

import socket

from django.db import transaction
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from edgecare.models import PreparedDocument


def run_queued_tasks() -> None:
    """Claim and run every ready task, as the worker's loop does, with the worker's own
    `run_task`. (The loop itself, `db_worker --batch`, closes the database connection between
    tasks, which on PostgreSQL would end the test's transaction.)"""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                return
            result.claim(worker.worker_id)
        worker.run_task(result)


def queued_document(response) -> PreparedDocument:
    """The document a "PDF" link queued: its answer is a redirect to the document's page."""
    assert response.status_code == 302, response.status_code
    document_id = response.url.rstrip("/").split("/")[-1]
    return PreparedDocument.objects.get(pk=document_id)


def download_document(client, url: str, data=None):
    """Follow a document link as a person would: queue it, let the worker make it, open its
    page (ready) and download it. Returns the download's response."""
    document = queued_document(client.get(url, data))
    run_queued_tasks()
    page = client.get(reverse("document_status", args=[document.pk]))
    assert page.status_code == 200
    return client.get(reverse("document_download", args=[document.pk]))


def closed_port() -> int:
    """A local port nothing listens on: a mail relay there refuses every connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
