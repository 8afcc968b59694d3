"""The schedule: every periodic job, in one list. Adding a job is one line in JOBS: a name
(stable: it keys the job's row), when it runs (edgecare.schedule.Daily / Every) and a function
taking no arguments. Each runs once across every instance (edgecare.schedule), in a worker,
with bounded retries (run_job).
"""

from __future__ import annotations

import datetime
import logging
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

from edgecare.background import attempts_left, retry_delay
from edgecare.documents import purge_expired_documents
from edgecare.models import User
from edgecare.schedule import Daily, Every, Job, daily_at, tick
from families.drafts import purge_expired_drafts
from families.retention import cases_due_for_review
from managers.digest import send_daily_digests
from managers.models import Notification
from managers.services import notify
from staff.services import deactivate_inactive_accounts

log = logging.getLogger("edgecare.schedule")


def clear_expired_sessions() -> int:
    """What `manage.py clearsessions` does for the database session store."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def send_retention_lists() -> int:
    """Each organisation's administrators are told which closed cases are due for a retention
    decision (references only). Returns how many were told."""
    today = timezone.localdate()
    told = 0
    administrators = User.objects.filter(
        is_active=True, role=User.Role.ADMINISTRATOR, organisation__isnull=False
    ).order_by("organisation_id", "pk")
    due_by_organisation: dict[int, list[str]] = {}
    for admin in administrators:
        organisation_id = admin.organisation_id
        assert organisation_id is not None
        if organisation_id not in due_by_organisation:
            due_by_organisation[organisation_id] = [
                row.case_reference
                for row in cases_due_for_review(today, organisation_id=organisation_id)
            ]
        due = due_by_organisation[organisation_id]
        if not due:
            continue
        text = f"{len(due)} closed cases are due for a retention decision: {', '.join(due)}"
        notify(
            recipient=admin,
            kind=Notification.Kind.RETENTION_DUE,
            text=text if len(text) <= 200 else text[:199] + "…",
        )
        told += 1
    return told


def prune_finished_tasks() -> int:
    """Finished task rows (their arguments are identifiers only) kept for a week, then gone."""
    from django_tasks_db.models import DBTaskResult

    week_ago = timezone.now() - datetime.timedelta(days=7)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=week_ago).delete()
    return deleted


JOBS: list[Job] = [
    Job("daily-digest", daily_at(settings.DIGEST_TIME), send_daily_digests),
    Job("clear-sessions", Every(datetime.timedelta(hours=1)), clear_expired_sessions),
    Job("purge-expired-documents", Every(datetime.timedelta(minutes=5)), purge_expired_documents),
    Job("retention-list", Daily(datetime.time(6, 30), weekday=0), send_retention_lists),
    Job("prune-finished-tasks", Daily(datetime.time(3, 15)), prune_finished_tasks),
    # Drafts of long free-text forms are case content: gone after DRAFT_DAYS (families.drafts).
    Job("purge-expired-drafts", Daily(datetime.time(2, 45)), purge_expired_drafts),
    # Leavers nobody told us about: unused for INACTIVE_ACCOUNT_DAYS (staff.services).
    Job("deactivate-inactive-accounts", Daily(datetime.time(2, 30)), deactivate_inactive_accounts),
]
JOBS_BY_NAME = {job.name: job for job in JOBS}


@task()
def run_job(name: str, attempt: int = 1) -> str:
    job = JOBS_BY_NAME.get(name)
    if job is None:
        log.error("scheduled job unknown name=%s", name)
        return "unknown"
    started = time.monotonic()
    try:
        result = job.run()
    except Exception as error:  # noqa: BLE001 - retried a bounded number of times
        if attempts_left(attempt):
            run_job.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                name, attempt=attempt + 1
            )
            log.warning(
                "scheduled job failed name=%s attempt=%s error=%s: will retry",
                name,
                attempt,
                type(error).__name__,
            )
            return "retrying"
        log.error(
            "scheduled job failed name=%s attempt=%s error=%s: giving up",
            name,
            attempt,
            type(error).__name__,
        )
        return "failed"
    log.info(
        "scheduled job done name=%s seconds=%.2f result=%s",
        name,
        time.monotonic() - started,
        result,
    )
    return "done"


def tick_schedule(worker_id: str) -> list[str]:
    return tick(JOBS, enqueue=run_job.enqueue, claimed_by=worker_id)
