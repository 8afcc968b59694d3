"""`manage.py run_worker`: the background worker (docs/deployment.md). Runs queued tasks
(documents, e-mail, scheduled jobs), ticks the schedule, says it is alive, puts back the tasks
of workers that died, and reconnects by itself when the database goes away. Run any number.

It takes django-tasks-db's `db_worker` options (--queue-name, --interval, --batch,
--max-tasks, --worker-id, ...), plus --no-schedule for a worker that only runs tasks."""

from __future__ import annotations

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from casefile.schedule import tick_schedule
from edgecare.worker import (
    Housekeeper,
    ResilientWorker,
    close_connections,
    give_way_to_the_web_workers,
)

WORKER_INTERVAL_SECONDS = 0.25


class Command(db_worker.Command):
    help = "Run a background worker: queued documents, e-mail and the schedule."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # How long an idle worker waits before it looks for a task again: db_worker's 1 s is
        # a second added to every document a person waits for (the busy case record: 0.87 s of
        # its 2.4 s was the wait for the worker to look). A look is one indexed SELECT ... FOR
        # UPDATE SKIP LOCKED on the small queue table, so four a second per idle worker cost
        # PostgreSQL next to nothing.
        parser.set_defaults(interval=WORKER_INTERVAL_SECONDS)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not tick the schedule (this worker only runs tasks).",
        )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        schedule,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        give_way_to_the_web_workers()
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )

        def start() -> None:
            housekeeper = Housekeeper(worker_id, tick_schedule if schedule else None)
            housekeeper.start()
            try:
                worker.run()
            finally:
                housekeeper.stopping.set()
                close_connections()

        if reload and not batch:
            # As db_worker: the reloader's child runs the worker (in a thread), so its signals
            # are set here, in the child's main thread.
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(start)
            return
        worker.configure_signals()
        start()
