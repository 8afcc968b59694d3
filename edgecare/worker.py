"""The background worker: django-tasks-db's Worker, made to survive what a council's servers
do to it.

- The database goes away (restarted, failed over, a connection cut): the worker logs it,
  closes its connections and tries again, waiting longer each time (up to a minute), instead of
  exiting. A task it was running when the database went is put back in the queue.
- A worker is killed (kill -9, out of memory, the machine lost): every worker says it is alive
  every WORKER_HEARTBEAT_SECONDS (a thread with its own connection, so it keeps saying so in the
  middle of a long PDF). A task left running by a worker that has been silent for
  WORKER_LOST_SECONDS is put back in the queue and runs again; the tasks are written so a second
  run makes no second document or e-mail (edgecare.documents, edgecare.background).
- The schedule (edgecare.schedule) is ticked by the same thread, so any number of workers may
  run and each slot still runs once.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from edgecare.models import WorkerHeartbeat

log = logging.getLogger("edgecare.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
LONGEST_RECONNECT_WAIT = 60.0


def close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        # A connection to a database that is gone cannot be closed cleanly.
        with contextlib.suppress(*DATABASE_ERRORS):
            connection.close()


def put_back(result: DBTaskResult, why: str) -> bool:
    """Back to the queue, if it is still the same run (an UPDATE matching status and workers)."""
    back = DBTaskResult.objects.filter(
        pk=result.pk, status=TaskResultStatus.RUNNING, worker_ids=result.worker_ids
    ).update(status=TaskResultStatus.READY)
    if back:
        log.warning(
            "task put back id=%s task=%s worker=%s reason=%s",
            result.pk,
            result.task_path,
            result.worker_ids[-1] if result.worker_ids else "",
            why,
        )
    return bool(back)


def recover_lost_tasks(*, now: datetime.datetime | None = None) -> int:
    """Put back every task whose worker has stopped saying it is alive."""
    now = now or timezone.now()
    lost_before = now - datetime.timedelta(seconds=settings.WORKER_LOST_SECONDS)
    silent = set(
        WorkerHeartbeat.objects.filter(seen_at__lt=lost_before).values_list("worker_id", flat=True)
    )
    if not silent:
        return 0
    recovered = 0
    for result in DBTaskResult.objects.running().only("pk", "task_path", "worker_ids"):
        if result.worker_ids and result.worker_ids[-1] in silent:
            recovered += put_back(result, "worker lost")
    # A worker silent for a day is gone for good: its row is no longer needed.
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return recovered


class Housekeeper(threading.Thread):
    """The worker's heartbeat, the recovery of lost tasks and the schedule's tick."""

    def __init__(self, worker_id: str, tick: Callable[[str], object] | None) -> None:
        super().__init__(name="edgecare-housekeeper", daemon=True)
        self.worker_id = worker_id
        self.tick = tick
        self.stopping = threading.Event()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:200],
                "pid": os.getpid(),
                "seen_at": timezone.now(),
            },
        )

    def round(self) -> None:
        self.beat()
        recover_lost_tasks()
        if self.tick is not None:
            self.tick(self.worker_id)

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.round()
            except Exception as error:  # noqa: BLE001 - the next round tries again
                log.warning(
                    "housekeeping failed worker=%s error=%s", self.worker_id, type(error).__name__
                )
            finally:
                # Its own connection, opened afresh each round: a cut connection costs one round.
                close_connections()
            self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS)


class ResilientWorker(Worker):
    def put_back_own_tasks(self) -> None:
        """After the database came back: the task this worker was running when it went."""
        for result in DBTaskResult.objects.running().only("pk", "task_path", "worker_ids"):
            if result.worker_ids and result.worker_ids[-1] == self.worker_id:
                put_back(result, "database connection lost")

    def run(self) -> None:
        wait = 1.0
        lost = False
        while self.running:
            try:
                if lost:
                    self.put_back_own_tasks()
                    log.warning("database back worker=%s", self.worker_id)
                    lost, wait = False, 1.0
                super().run()
                return
            except DATABASE_ERRORS as error:
                lost = True
                log.warning(
                    "database unavailable worker=%s error=%s: trying again in %.0fs",
                    self.worker_id,
                    type(error).__name__,
                    wait,
                )
                self.running_task = False
                close_connections()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_RECONNECT_WAIT)


def give_way_to_the_web_workers() -> None:
    """Documents are background work: on a host shared with gunicorn's workers, a worker laying
    out a PDF would take a core from the pages people are waiting for. It runs at
    WORKER_NICENESS (inherited by the process that lays a PDF out), so the operating system
    serves the web workers first and the worker takes what is left."""
    wanted = max(0, min(19, settings.WORKER_NICENESS))
    current = os.nice(0)
    if wanted > current:
        os.nice(wanted - current)
