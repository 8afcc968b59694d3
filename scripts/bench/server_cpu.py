"""The server's CPU, read from /proc: a gunicorn's workers and the application's PostgreSQL
backends (scripts/bench/load.py divides it by the requests wrk made), and the process trees the
while-printing run stops and resumes."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import psycopg2

# The application's connections name themselves (scripts/benchmark's DATABASE_URL), so only
# their PostgreSQL backends are counted, not the background worker's or another database's.
APPLICATION_NAME = "edgecare-bench-web"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # utime + stime, and cutime + cstime: the children it has waited for (a PDF is laid out in
    # a child process of the gunicorn worker) (fields 14 to 17 of stat).
    return sum(int(x) for x in fields[11:15])


def children(parent: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            out.append(int(entry.name))
    return out


class ServerCpu:
    """CPU counters of one gunicorn's workers and of the application's PostgreSQL backends."""

    def __init__(self, gunicorn_pid: int, database: str | None):
        self.gunicorn_pid = gunicorn_pid
        self.database = database
        self._db = None
        if database:
            self._db = psycopg2.connect(dbname=database, application_name="edgecare-bench-probe")
            self._db.autocommit = True

    def _backends(self) -> list[int]:
        if self._db is None:
            return []
        with self._db.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
                [self.database, APPLICATION_NAME],
            )
            return [row[0] for row in cursor.fetchall()]

    def snapshot(self) -> dict[str, dict[int, int]]:
        out: dict[str, dict[int, int]] = {"app": {}, "db": {}}
        for kind, pids in (("app", children(self.gunicorn_pid)), ("db", self._backends())):
            for pid in pids:
                ticks = _cpu_ticks(pid)
                if ticks is not None:
                    out[kind][pid] = ticks
        return out

    @staticmethod
    def used_ms(before: dict, after: dict) -> dict[str, float]:
        """CPU ms between two snapshots; a process that appeared in between counts from zero."""
        return {
            kind: sum(ticks - before[kind].get(pid, 0) for pid, ticks in after[kind].items())
            * 1000
            / CLOCK_TICKS
            for kind in ("app", "db")
        }

    def wait_idle(self, quiet_s: float = 0.3, limit_s: float = 60) -> None:
        """Until the workers have finished what an earlier run left them (wrk stops with
        requests in flight, which gunicorn still serves): no counter moves for quiet_s."""
        deadline = time.monotonic() + limit_s
        last = self.snapshot()
        while time.monotonic() < deadline:
            time.sleep(quiet_s)
            now = self.snapshot()
            if now == last:
                return
            last = now

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def process_tree(root: int) -> list[int]:
    """A process and all its descendants (the worker lays each PDF out in a child process)."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children(pid))
    return found


def signal_tree(root: int, signum: int) -> None:
    for pid in process_tree(root):
        with contextlib.suppress(ProcessLookupError):  # a layout process that finished meanwhile
            os.kill(pid, signum)
