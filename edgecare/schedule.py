"""Periodic jobs that run once across every instance, however many schedulers are started.

Every worker process (`manage.py run_worker`) ticks the schedule every few seconds. Each job
has one row (ScheduledJob) holding when it is next due; a tick that finds it due moves
`next_run_at` on with an UPDATE that matches only the value it read, and queues the job's task
in the same transaction. Of two schedulers that read the same due slot, one UPDATE matches and
the other matches nothing, on PostgreSQL and SQLite alike: the slot runs once. This is the same
conditional write as a case record's row version.

Why not a periodic-task library: celery beat and django-q2 bring their own broker or cluster
(a new service on a closed network) and celery beat must itself be run exactly once;
APScheduler's job stores have no guard against two schedulers. A row in the application's own
database, claimed by a conditional UPDATE, needs nothing new, and a missed slot (every worker
stopped overnight) runs once when a worker starts again, not once per missed day.

The jobs are listed in one place, the composition layer's registry (casefile/schedule.py).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from edgecare.models import ScheduledJob

log = logging.getLogger("edgecare.schedule")


@dataclass(frozen=True)
class Daily:
    """Once a day at a local (Europe/London) time; on one weekday only if `weekday` is set
    (0 is Monday)."""

    at: datetime.time
    weekday: int | None = None

    def next_after(self, moment: datetime.datetime) -> datetime.datetime:
        local = timezone.localtime(moment)
        day = local.date()
        while True:
            candidate = timezone.make_aware(datetime.datetime.combine(day, self.at))
            if candidate > moment and (self.weekday is None or day.weekday() == self.weekday):
                return candidate
            day += datetime.timedelta(days=1)


@dataclass(frozen=True)
class Every:
    interval: datetime.timedelta

    def next_after(self, moment: datetime.datetime) -> datetime.datetime:
        return moment + self.interval


@dataclass(frozen=True)
class Job:
    name: str
    when: Daily | Every
    run: Callable[[], object]


def daily_at(text: str) -> Daily:
    """ "07:00" -> Daily(07:00)."""
    hours, minutes = text.split(":")
    return Daily(datetime.time(int(hours), int(minutes)))


def tick(
    jobs: Iterable[Job],
    *,
    enqueue: Callable[[str], object],
    claimed_by: str,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Queue every job that is due now and that this scheduler wins; returns their names."""
    now = now or timezone.now()
    started = []
    for job in jobs:
        row = ScheduledJob.objects.filter(name=job.name).first()
        if row is None:
            # A new job is first due at its next slot, not the moment it is deployed.
            try:
                with transaction.atomic():
                    ScheduledJob.objects.create(name=job.name, next_run_at=job.when.next_after(now))
            except IntegrityError:
                pass  # another scheduler created it first
            continue
        if row.next_run_at > now:
            continue
        with transaction.atomic():
            won = ScheduledJob.objects.filter(name=job.name, next_run_at=row.next_run_at).update(
                next_run_at=job.when.next_after(now),
                last_claimed_at=now,
                last_claimed_by=claimed_by,
            )
            if won:
                enqueue(job.name)
        if won:
            log.info("scheduled job queued name=%s by=%s", job.name, claimed_by)
            started.append(job.name)
    return started
