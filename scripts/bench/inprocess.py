"""In-process measurements on one database (the one DATABASE_URL names):

    inprocess.py counts OUT.json     SQL queries each page runs (Django test Client and
                                     CaptureQueriesContext), plus the ids the load test needs
    inprocess.py profile PAGE [N]    a pyinstrument profile of N requests of one page
    inprocess.py document [MODE] [N] the busy case record made N times (default 5) by the
                                     worker's own maker, as the service manager: median seconds
                                     and page count (MODE: summary, full or significant)

Run by scripts/benchmark with the benchmark's environment; only the benchmark databases.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmark.settings")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

# 404s (the floor page) and WeasyPrint's CSS notes are expected here: keep the output readable.
logging.getLogger("django.request").setLevel(logging.ERROR)
logging.getLogger("weasyprint").setLevel(logging.ERROR)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pages import pages  # noqa: E402

from benchmark.generate import (  # noqa: E402
    BENCH_SERVICE_MANAGER,
    BENCH_WORKER,
    busy_case_id,
)
from edgecare.models import User  # noqa: E402
from families.models import Case  # noqa: E402
from plans.selectors import plan_in_force  # noqa: E402

HOST = "127.0.0.1"


def busy_ids() -> tuple[int, int | None]:
    case_id = busy_case_id()
    if case_id is None:
        sys.exit("No generated data set here: run manage.py generate_large_dataset first.")
    plan = plan_in_force(Case.objects.get(pk=case_id))
    return case_id, plan.pk if plan else None


def clients() -> dict[str, Client]:
    out = {}
    for role, username in (("worker", BENCH_WORKER), ("manager", BENCH_SERVICE_MANAGER)):
        client = Client(HTTP_HOST=HOST)
        # The backend named: the first in AUTHENTICATION_BACKENDS that can load a user is the
        # password policy's, whose sessions do not sign anyone in (every page a 302 or 404).
        client.force_login(
            User.objects.get(username=username),
            backend="django.contrib.auth.backends.ModelBackend",
        )
        out[role] = client
    return out


def cpu_ms(client: Client, path: str, repeat: int = 5) -> float:
    """The median CPU of this process (the application's Python, not PostgreSQL's) for one
    request: steadier than the wall clock on a shared machine."""
    spent = []
    for _ in range(repeat):
        started = time.process_time()
        client.get(path)
        spent.append((time.process_time() - started) * 1000)
    return round(sorted(spent)[len(spent) // 2], 1)


def counts(out_path: str) -> None:
    case_id, plan_id = busy_ids()
    by_role = clients()
    result = {"busy_case_id": case_id, "busy_plan_id": plan_id, "pages": {}}
    for page in pages(case_id, plan_id):
        entry = page.as_dict()
        if page.path is None:
            entry.update(queries=None, status=None)
        else:
            client = by_role[page.role]
            client.get(page.path)  # warm: first-use caches do not count
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(page.path)
                entry["inprocess_ms"] = round((time.perf_counter() - started) * 1000, 1)
            entry.update(queries=len(ctx.captured_queries), status=response.status_code)
            entry["plans"] = query_plans(ctx.captured_queries)
            entry["inprocess_cpu_ms"] = cpu_ms(client, page.path)
            if response.status_code != page.expect:
                sys.exit(f"{page.name}: {page.path} answered {response.status_code} in-process.")
            entry["bytes"] = len(response.content)
        result["pages"][page.name] = entry
    result["contacts_on_busy_case"] = Case.objects.get(pk=case_id).contacts.count()
    result["cases"] = Case.objects.count()
    Path(out_path).write_text(json.dumps(result, indent=2))
    print_plans(result["pages"])


# A table this large is read through an index by any query over a millisecond (issue 20); a
# parallel plan is counted too: its workers' CPU is not the request's backend's, so the load
# run's CPU per request would not show it.
BIG_TABLE_ROWS = 10_000
SLOW_QUERY_MS = 1.0


def query_plans(queries) -> dict:
    """EXPLAIN (ANALYZE) of each SELECT a page ran (PostgreSQL only): how many took over
    SLOW_QUERY_MS, which of those scanned a table of over BIG_TABLE_ROWS rows whole, and how
    many launched parallel workers."""
    if connection.vendor != "postgresql":
        return {}
    out: dict = {"over_1ms": 0, "slowest_ms": 0.0, "big_seq_scans": [], "parallel": 0}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [BIG_TABLE_ROWS]
        )
        big = {name for (name,) in cursor.fetchall()}
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]
            nodes, stack = [], [plan["Plan"]]
            while stack:
                node = stack.pop()
                nodes.append(node)
                stack.extend(node.get("Plans", []))
            if any(node.get("Workers Launched") for node in nodes):
                out["parallel"] += 1
            took = plan["Execution Time"]
            out["slowest_ms"] = max(out["slowest_ms"], round(took, 1))
            if took <= SLOW_QUERY_MS:
                continue
            out["over_1ms"] += 1
            for node in nodes:
                if "Seq Scan" in node["Node Type"] and node.get("Relation Name") in big:
                    out["big_seq_scans"].append(f"{node['Relation Name']} ({took:.1f} ms)")
    return out


def print_plans(pages_measured: dict) -> None:
    rows = [(name, entry["plans"]) for name, entry in pages_measured.items() if entry.get("plans")]
    if not rows:
        return
    print(
        f"Query plans ({connection.settings_dict['NAME']}): SELECTs over {SLOW_QUERY_MS:g} ms, "
        f"the slowest, whole scans of tables over {BIG_TABLE_ROWS:,} rows, parallel plans"
    )
    for name, plans in rows:
        scans = ", ".join(plans["big_seq_scans"]) or "none"
        print(
            f"  {name:28} over 1 ms: {plans['over_1ms']:2}  slowest {plans['slowest_ms']:7.1f} ms"
            f"  whole scans: {scans}  parallel: {plans['parallel']}"
        )


def profile(name: str, repeat: int) -> None:
    from pyinstrument import Profiler

    case_id, plan_id = busy_ids()
    page = next(p for p in pages(case_id, plan_id) if p.name == name)
    client = clients()[page.role]
    client.get(page.path)
    profiler = Profiler(interval=0.0005)
    with CaptureQueriesContext(connection) as ctx:
        profiler.start()
        for _ in range(repeat):
            client.get(page.path)
        profiler.stop()
    print(f"{page.label}: {page.path}, {repeat} request(s), {len(ctx) // repeat} queries each")
    slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:5]
    for q in slow:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
    # The plan of the slowest read, to tell a missing index from a query doing too much.
    worst = next((q for q in slow if q["sql"].lstrip().upper().startswith("SELECT")), None)
    if worst is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + worst["sql"])
            print("EXPLAIN ANALYZE of the slowest SELECT:")
            for (line,) in cursor.fetchall():
                print("  " + line)
    print(profiler.output_text(unicode=False, color=False, show_all=False))


def document(mode: str, repeat: int) -> None:
    """What a person waits for once the worker picks the case record up: the maker alone (no
    queue, no polling, no HTTP), as casefile.documents runs it. Wall-clock seconds, and CPU
    seconds (this process and the forked process that lays the PDF out), which a shared
    machine's load disturbs far less than the wall clock."""
    import io
    import resource
    import statistics

    from pypdf import PdfReader

    from casefile.documents import make_case_record
    from edgecare.models import PreparedDocument

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    case_id, _ = busy_ids()
    request = PreparedDocument(
        requested_by=User.objects.get(username=BENCH_SERVICE_MANAGER),
        kind=PreparedDocument.Kind.CASE_RECORD,
        parameters={"case": case_id, "chronology": mode},
    )
    make_case_record(request)  # warm: templates, fonts, first-use caches
    seconds, cpu_seconds = [], []
    load_before = os.getloadavg()
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), cpu()
        made = make_case_record(request)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(cpu() - cpu_started)
    pages = len(PdfReader(io.BytesIO(made.content)).pages)
    print(
        f"Case record ({mode}), busy case {case_id}: median {statistics.median(seconds):.2f} s "
        f"({', '.join(f'{s:.2f}' for s in seconds)}), CPU median "
        f"{statistics.median(cpu_seconds):.2f} s ({', '.join(f'{s:.2f}' for s in cpu_seconds)}) "
        f"of {repeat}; {pages} pages; {len(made.content):,} bytes; load average before "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "counts":
        counts(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "profile":
        profile(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    elif len(sys.argv) >= 2 and sys.argv[1] == "document":
        mode = sys.argv[2] if len(sys.argv) > 2 else "summary"
        document(mode, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    else:
        sys.exit(__doc__)
