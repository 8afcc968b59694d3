"""The HTTP half of the benchmark: the server measured with wrk, a C load client whose own CPU
is negligible, then one report with the query counts measured in-process.

    load.py --base-url http://127.0.0.1:PORT --bare-url http://127.0.0.1:PORT2
            --large counts_large.json --small counts_small.json --database DBNAME
            [--connections 10] [--seconds 15] [--quick] [--out-dir test-artifacts/benchmark]

The Python client (httpx) only signs in, through the real sign-in form, to get each session's
cookies; wrk then sends every request. Each page gets requests per second, p50 and p99 from
wrk, and the server's CPU milliseconds per request: the gunicorn workers' and their PostgreSQL
backends' CPU counters in /proc, read before and after the page's run, divided by the requests
wrk made. A bare Django view (scripts/bench/bare_django.py, served by gunicorn the same way) is
measured in the same run, so the floor is read as a multiple of Django itself.

The queued documents (the case record PDF: a redirect, a status page asked for news, a
download) are a conversation wrk cannot hold; they are timed as a person waits for them with the
Python client, one at a time.

Only 127.0.0.1 is ever contacted. Every run is bounded by a time limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from report import PRINTING_CLIENTS, report
from server_cpu import ServerCpu, signal_tree

PASSWORD = "bench-password-not-for-real-use"  # noqa: S105 - benchmark.generate's, fictional
USERS = {"worker": "bench.worker", "manager": "bench.sm"}
SESSIONS_PER_ROLE = 10  # wrk goes round these, so ten connections are ten people
REQUEST_TIMEOUT_S = 180
WRK_TIMEOUT_S = 30  # a response slower than this counts as a timeout in wrk's figures
WARM_UP_S = 1  # not counted: every gunicorn worker has served the page before the run
SINGLE_DOCUMENT_REQUESTS = 5
DOCUMENT_TIME_LIMIT_S = 240
# Documents made by the background worker: how often the client asks whether one is ready.
DOCUMENT_POLL_S = 0.2
PRINTING_SLICES_PER_CONDITION = 4  # an even number: the slices go quiet, printing, printing, quiet
PRINTING_SETTLE_S = 0.5  # after the printing starts or stops, before a slice is measured


# --- Signing in (the Python client's only job on the HTML pages) ----------------------------


async def sign_in(base: str, username: str) -> httpx.AsyncClient:
    """The real sign-in form: GET for the CSRF token and cookie, POST the credentials, then one
    page, so the client holds every cookie a browser would send back."""
    client = httpx.AsyncClient(
        base_url=base, timeout=httpx.Timeout(REQUEST_TIMEOUT_S), follow_redirects=False
    )
    page = await client.get("/accounts/login/")
    page.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise SystemExit("No CSRF token on the sign-in page.")
    response = await client.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
    )
    if response.status_code != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"Sign-in as {username} failed (HTTP {response.status_code}).")
    home = await client.get("/")
    if home.status_code != 200:
        raise SystemExit(f"Signed in as {username}, but the home page answered {home.status_code}.")
    return client


def cookie_header(client: httpx.AsyncClient) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


async def fetch_document(
    client: httpx.AsyncClient,
    path: str,
    *,
    as_browser: bool = False,
    gate: asyncio.Event | None = None,
) -> int | str:
    """Ask for a document (a redirect to its "being prepared" page), ask that page for news
    until it is ready, download it. The answer's status, or "failed".

    as_browser: what a person's browser does (static/js/edgecare.js): load the page, ask for
    news at the interval the page gives (data-document-poll-seconds), load the page again once
    there is news, then download. Otherwise ask every DOCUMENT_POLL_S, to time when the
    document is ready rather than when a browser would notice.

    gate: while it is clear, no request is sent (the while-printing run's quiet slices)."""

    async def get(url: str, **kwargs) -> httpx.Response:
        if gate is not None:
            await gate.wait()
        return await client.get(url, **kwargs)

    response = await get(path)
    if response.status_code != 302:
        return response.status_code
    status_url = response.headers["location"]
    poll_seconds = DOCUMENT_POLL_S
    if as_browser:
        page = await get(status_url)
        if page.status_code != 200:
            return page.status_code
        found = re.search(r'data-document-poll-seconds="(\d+)"', page.text)
        poll_seconds = float(found.group(1)) if found else 2.0
    while True:
        if as_browser:
            await asyncio.sleep(poll_seconds)
        answer = await get(status_url, headers={"Accept": "application/json"})
        if answer.status_code != 200:
            return answer.status_code
        status = answer.json()["status"]
        if status == "ready":
            if as_browser:
                await get(status_url)  # the page again, now with the download link
            download = await get(status_url.rstrip("/") + "/download/")
            return 302 if download.status_code == 200 else download.status_code
        if status != "preparing":
            return "failed"
        if not as_browser:
            await asyncio.sleep(poll_seconds)


# --- wrk -------------------------------------------------------------------------------------


def run_wrk(url: str, cookies_file: str, *, connections: int, seconds: float) -> dict:
    threads = max(1, min(2, connections))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={WRK_TIMEOUT_S}s",
        "--latency",
        "-s",
        str(Path(__file__).resolve().with_name("wrk_report.lua")),
        url,
        "--",
        cookies_file,
    ]
    done = subprocess.run(  # noqa: S603 - our own arguments, 127.0.0.1 only
        command, capture_output=True, text=True, timeout=seconds + WRK_TIMEOUT_S + 30, check=False
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return json.loads(line.removeprefix("WRK_JSON "))


def wrk_stats(result: dict) -> dict:
    """One wrk run's figures: requests, requests per second, statuses, errors by kind and,
    when anything came back, the latency percentiles in milliseconds."""
    requests = result["requests"]
    stats = {
        "requests": requests,
        "duration_s": result["duration_us"] / 1e6,
        "rps": round(requests / (result["duration_us"] / 1e6), 1),
        "non_2xx_3xx": result["non_2xx_3xx"],
        "errors": {
            k: result[k]
            for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
            if result[k]
        },
    }
    if requests:  # with none back, wrk's percentiles are zeros, not figures
        for name in ("p50", "p90", "p99", "max"):
            stats[f"{name}_ms"] = round(result[f"{name}_us"] / 1000, 1)
    return stats


def measure(
    url: str,
    cookies_file: str,
    cpu: ServerCpu,
    *,
    connections: int,
    seconds: float,
    warm: bool,
    settle: bool = True,
) -> dict:
    if warm:
        run_wrk(url, cookies_file, connections=connections, seconds=WARM_UP_S)
    if settle:
        cpu.wait_idle()
    before = cpu.snapshot()
    result = run_wrk(url, cookies_file, connections=connections, seconds=seconds)
    used = ServerCpu.used_ms(before, cpu.snapshot())
    stats = wrk_stats(result)
    requests = stats["requests"]
    if requests:
        stats["cpu_app_ms"] = round(used["app"] / requests, 2)
        stats["cpu_db_ms"] = round(used["db"] / requests, 2)
        stats["cpu_ms"] = round((used["app"] + used["db"]) / requests, 2)
    return stats


# --- Documents, timed with the Python client -------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


async def time_documents(client: httpx.AsyncClient, page: dict, total: int) -> dict:
    """One person asking for the document `total` times in a row, nobody else printing."""
    await fetch_document(client, page["path"])  # warm: the worker has loaded the PDF renderer
    timings: list[float] = []
    bad: dict[str, int] = {}
    deadline = time.monotonic() + DOCUMENT_TIME_LIMIT_S
    for _ in range(total):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        try:
            status = await fetch_document(client, page["path"])
        except httpx.HTTPError as exc:  # a timeout is a result, not a crash
            bad[type(exc).__name__] = bad.get(type(exc).__name__, 0) + 1
            continue
        if status == page["expect"]:
            timings.append((time.perf_counter() - started) * 1000)
        else:
            bad[str(status)] = bad.get(str(status), 0) + 1
    if not timings:
        return {"requests": 0, "errors": bad}
    return {
        "requests": len(timings),
        "errors": bad,
        "alone_p50_ms": round(statistics.median(timings), 1),
        "alone_max_ms": round(max(timings), 1),
    }


# --- The run ---------------------------------------------------------------------------------


def python_yardstick() -> float:
    """CPU seconds for 5 million additions in a Python loop: a yardstick for comparing the
    machine a report came from with yours (run the same loop there)."""
    started = time.process_time()
    total = 0
    for n in range(5_000_000):
        total += n
    return round(time.process_time() - started, 2)


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version()}
    try:
        meminfo = Path("/proc/meminfo").read_text().split("\n")[0]
        info["memory_gb"] = round(int(meminfo.split()[1]) / 1024 / 1024, 1)
        info["load"] = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        pass
    return info


def _check_status(client: httpx.Client, path: str, cookie: str, expect: int) -> None:
    status = client.get(path, headers={"Cookie": cookie}).status_code
    if status != expect:
        raise SystemExit(f"{path} answered {status}, expected {expect}: not measured.")


async def main(args) -> dict:
    for url in (args.base_url, args.bare_url):
        if urlsplit(url).hostname != "127.0.0.1":
            raise SystemExit("The benchmark only ever contacts 127.0.0.1.")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (scripts/benchmark installs Debian's package).")
    large = json.loads(Path(args.large).read_text())
    small = json.loads(Path(args.small).read_text())
    load_before = machine()
    load_before["yardstick_s"] = python_yardstick()
    sessions = {
        role: [await sign_in(args.base_url, username) for _ in range(SESSIONS_PER_ROLE)]
        for role, username in USERS.items()
    }
    work = Path(tempfile.mkdtemp(prefix="edgecare-wrk."))
    cookie_files = {}
    for role, clients in sessions.items():
        cookie_files[role] = str(work / f"{role}.cookies")
        Path(cookie_files[role]).write_text("\n".join(cookie_header(c) for c in clients) + "\n")
    (work / "none.cookies").write_text("\n")
    app_cpu = ServerCpu(args.gunicorn_pid, args.database)
    bare_cpu = ServerCpu(args.bare_pid, None)
    connections, seconds = args.connections, args.seconds
    results: dict = {}
    try:
        results["bare"] = measure(
            args.bare_url + "/",
            str(work / "none.cookies"),
            bare_cpu,
            connections=connections,
            seconds=seconds,
            warm=True,
        )
        print(f"  {'bare':<20} {results['bare']}", flush=True)
        with httpx.Client(base_url=args.base_url, timeout=REQUEST_TIMEOUT_S) as checker:
            for name, page in large["pages"].items():
                if page["path"] is None:
                    results[name] = {"absent": True}
                    print(f"  {name:<20} not in this version of the application: skipped")
                    continue
                if page["kind"] == "document":
                    if args.quick:
                        results[name] = {"skipped": "quick run"}
                        continue
                    results[name] = await time_documents(
                        sessions[page["role"]][0], page, SINGLE_DOCUMENT_REQUESTS
                    )
                    print(f"  {name:<20} {results[name]}", flush=True)
                    continue
                cookies = cookie_files[page["role"]]
                _check_status(
                    checker, page["path"], cookie_header(sessions[page["role"]][0]), page["expect"]
                )
                url = args.base_url + page["path"]
                # A PDF takes seconds: three times as long a run, so some come back.
                run_s = seconds * 3 if page["kind"] == "pdf" else seconds
                stats = measure(
                    url, cookies, app_cpu, connections=connections, seconds=run_s, warm=True
                )
                if page["kind"] == "pdf":
                    # What one person waits for their document with nobody else printing: the
                    # PDF targets are judged on this.
                    alone = measure(url, cookies, app_cpu, connections=1, seconds=run_s, warm=False)
                    stats["alone_p50_ms"] = alone["p50_ms"] if alone["requests"] else None
                results[name] = stats
                print(f"  {name:<20} {stats}", flush=True)
        if not args.quick:
            results["while_printing"] = await while_printing(
                args, large["pages"], sessions, cookie_files
            )
    finally:
        app_cpu.close()
        for clients in sessions.values():
            for client in clients:
                await client.aclose()
        shutil.rmtree(work, ignore_errors=True)
    return {
        "machine_before": load_before,
        "machine_after": machine(),
        "connections": connections,
        "seconds": seconds,
        "quick": args.quick,
        "results": results,
        "large": large,
        "small": small,
    }


def _slice_stats(slices: list[dict]) -> dict:
    """Slices of one condition together: requests per second over all of them, and the median
    of their medians (wrk reports percentiles per run, which cannot be pooled)."""
    requests = sum(s["requests"] for s in slices)
    duration_s = sum(s["duration_s"] for s in slices)
    answered = [s for s in slices if s["requests"]]
    return {
        "requests": requests,
        "rps": round(requests / duration_s, 1) if duration_s else 0,
        "p50_ms": round(statistics.median(s["p50_ms"] for s in answered), 1) if answered else None,
        "p99_ms": max((s["p99_ms"] for s in answered), default=None),
        "non_2xx_3xx": sum(s["non_2xx_3xx"] for s in slices),
        "errors": sum(sum(s["errors"].values()) for s in slices),
    }


async def while_printing(args, pages: dict, sessions: dict, cookie_files: dict) -> dict:
    """Each HTML page in short slices, alternately with PRINTING_CLIENTS more managers printing
    the busy case record over and over and with nobody printing, in the order quiet, printing,
    printing, quiet, ... (ABBA, so a steady drift of the shared host's speed weighs on both
    conditions alike). Comparing with the page's main run instead, minutes earlier, measured the
    host's drift as much as the printing: two runs gave 0.80x to 1.27x and 1.04x to 1.51x.

    Printing pauses completely between its slices: the printers wait, and the worker and its
    layout process are stopped (SIGSTOP) so the queued documents do not go on being made in a
    quiet slice; SIGCONT resumes them where they were (the pause stays well inside a
    document's time budget). Documents are made by the worker, so the pages should not wait
    behind them: the target is each page's median within PRINTING_HTML_RATIO of its quiet one."""
    record = pages.get("case_record_pdf")
    if not record or record["kind"] != "document" or record["path"] is None:
        return {"absent": True}
    printers = [await sign_in(args.base_url, USERS["manager"]) for _ in range(PRINTING_CLIENTS)]
    printed = {"documents": 0}
    printing = asyncio.Event()
    stop = asyncio.Event()

    async def keep_printing(client: httpx.AsyncClient) -> None:
        while not stop.is_set():
            status = await fetch_document(client, record["path"], as_browser=True, gate=printing)
            if status == 302:
                printed["documents"] += 1

    def set_printing(on: bool) -> None:
        if on:
            signal_tree(args.worker_pid, signal.SIGCONT)
            printing.set()
        else:
            printing.clear()
            signal_tree(args.worker_pid, signal.SIGSTOP)

    slice_s = max(2, round(args.seconds / PRINTING_SLICES_PER_CONDITION))
    order = [False, True, True, False] * (PRINTING_SLICES_PER_CONDITION // 2)
    background = [asyncio.create_task(keep_printing(c)) for c in printers]
    out: dict = {"slice_s": slice_s, "slices_per_condition": PRINTING_SLICES_PER_CONDITION}
    try:
        set_printing(True)
        await asyncio.sleep(2)  # the queue fills and the worker is busy
        for name, page in pages.items():
            if page["kind"] != "html" or page["path"] is None:
                continue
            runs: dict[bool, list[dict]] = {False: [], True: []}
            for on in order:
                set_printing(on)
                await asyncio.sleep(PRINTING_SETTLE_S)  # the printers' polls resume or stop
                # wrk runs in a thread so the printers carry on meanwhile.
                result = await asyncio.to_thread(
                    run_wrk,
                    args.base_url + page["path"],
                    cookie_files[page["role"]],
                    connections=args.connections,
                    seconds=slice_s,
                )
                runs[on].append(wrk_stats(result))
            out[name] = {"quiet": _slice_stats(runs[False]), "printing": _slice_stats(runs[True])}
            print(f"  {name:<20} quiet / printing: {out[name]}", flush=True)
    finally:
        set_printing(True)  # never leave the worker stopped
        stop.set()
        # Not waited for: each printer would wait for its queued document, behind the others.
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        for client in printers:
            await client.aclose()
    out["documents_made"] = printed["documents"]
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--bare-url", required=True)
    parser.add_argument("--gunicorn-pid", type=int, required=True)
    parser.add_argument("--bare-pid", type=int, required=True)
    parser.add_argument(
        "--worker-pid", type=int, required=True, help="the background worker, paused between slices"
    )
    parser.add_argument("--database", required=True, help="the application's database name")
    parser.add_argument("--large", required=True)
    parser.add_argument("--small", required=True)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", default="?")
    parser.add_argument("--commit", default="?")
    parser.add_argument("--out-dir", default="test-artifacts/benchmark")
    args = parser.parse_args()
    data = asyncio.run(main(args))
    text = report(data, args.workers, args.commit)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(data, indent=2))
    (out / "latest.md").write_text(text + "\n")
    print()
    print(text)
    print(f"\n(also in {out / 'latest.md'} and latest.json)")
