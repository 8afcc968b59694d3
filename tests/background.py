"""Background work in tests.

`run_queued_tasks` runs django-tasks-db's own worker loop in this process until the queue is
empty (`db_worker --batch`): the same code a worker process runs, inside the test's transaction,
so tests that only need a document made need no second process. The tests that need a real
worker process (a kill, a lost connection, two schedulers) start `manage.py run_worker` against
the test database with the `worker_process` fixture (tests/background_processes.py).
"""

from __future__ import annotations

import io
import socket

from django.core.management import call_command
from django.urls import reverse

from edgecare.models import PreparedDocument


def run_queued_tasks() -> None:
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0,
        verbosity=0,
        stdout=io.StringIO(),
    )


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
