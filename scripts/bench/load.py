"""The HTTP half of the benchmark: real sign-ins and concurrent requests against the running
application, then one report with the query counts measured in-process.

    load.py --base-url http://127.0.0.1:PORT --large counts_large.json --small counts_small.json
            [--clients 10] [--requests-scale 1.0] [--out-dir test-artifacts/benchmark]

Only 127.0.0.1 is ever contacted. Every loop is bounded by a count and a time limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

PASSWORD = "bench-password-not-for-real-use"  # noqa: S105 - benchmark.generate's, fictional
USERS = {"worker": "bench.worker", "manager": "bench.sm"}
HTML_P95_MS = 250
HTML_MEDIAN_FLOOR_RATIO = 4.0
PDF_LIMITS_MS = {"family_plan_pdf": 1000, "case_record_pdf": 5000}
PAGE_TIME_LIMIT_S = 120  # no page is measured for longer than this
REQUEST_TIMEOUT_S = 180
WARM_UP = 6  # concurrent warm-up requests: at least twice the workers
SINGLE_PDF_REQUESTS = 5
# Documents made by the background worker: how often the client asks whether one is ready.
DOCUMENT_POLL_S = 0.2
# While this many clients print the busy case record, the HTML pages' medians stay within this
# ratio of their medians without printing (issue 18).
PRINTING_CLIENTS = 10
PRINTING_HTML_RATIO = 1.25


async def fetch_document(client: httpx.AsyncClient, path: str) -> int | str:
    """As a person's browser does: ask for it (a redirect to its page), ask its page for news
    until it is ready, download it. The answer's status, or "failed"."""
    response = await client.get(path)
    if response.status_code != 302:
        return response.status_code
    status_url = response.headers["location"]
    while True:
        answer = await client.get(status_url, headers={"Accept": "application/json"})
        if answer.status_code != 200:
            return answer.status_code
        status = answer.json()["status"]
        if status == "ready":
            download = await client.get(status_url.rstrip("/") + "/download/")
            return 302 if download.status_code == 200 else download.status_code
        if status != "preparing":
            return "failed"
        await asyncio.sleep(DOCUMENT_POLL_S)


async def sign_in(base: str, username: str) -> httpx.AsyncClient:
    """The real sign-in form: GET for the CSRF token and cookie, POST the credentials."""
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
    return client


async def while_printing(base: str, pages: dict, sessions: dict, alone: dict) -> dict:
    """The HTML pages again, while PRINTING_CLIENTS more managers ask for the busy case record
    over and over: documents are made by the worker, so the pages should not wait behind them."""
    record = pages.get("case_record_pdf")
    if not record or record["kind"] != "document":
        return {"absent": True}
    printers = [await sign_in(base, USERS["manager"]) for _ in range(PRINTING_CLIENTS)]
    printed = {"documents": 0}
    stop = asyncio.Event()

    async def keep_printing(client: httpx.AsyncClient) -> None:
        while not stop.is_set():
            if await fetch_document(client, record["path"]) == 302:
                printed["documents"] += 1

    background = [asyncio.create_task(keep_printing(c)) for c in printers]
    out: dict = {}
    try:
        await asyncio.sleep(2)  # the queue fills and the worker is busy
        for name, page in pages.items():
            if page["kind"] != "html" or name == "floor" or "median_ms" not in alone.get(name, {}):
                continue
            total = max(10, round(page["requests"] / 2))
            stats = await measure(page, sessions[page["role"]], total, warm=False)
            if "median_ms" in stats:
                stats["ratio"] = round(stats["median_ms"] / alone[name]["median_ms"], 2)
            out[name] = stats
            print(f"  {name:<16} while printing: {stats}", flush=True)
    finally:
        stop.set()
        await asyncio.gather(*background, return_exceptions=True)
        for client in printers:
            await client.aclose()
    out["documents_made"] = printed["documents"]
    return out


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


async def measure(
    page: dict, clients: list[httpx.AsyncClient], total: int, *, warm: bool = True
) -> dict:
    path, expect = page["path"], page["expect"]
    if warm:
        # Concurrent, so every gunicorn worker has served the page (and imported WeasyPrint)
        # before anything is counted. The case record PDF follows the family plan PDF, whose
        # warm-up has already loaded the PDF renderer in every worker.
        heavy = page["name"].startswith("case_record_pdf")
        warmers = clients[: 1 if heavy else WARM_UP]
        if page["kind"] == "document":
            await asyncio.gather(*(fetch_document(c, path) for c in warmers))
        else:
            await asyncio.gather(*(c.get(path) for c in warmers), return_exceptions=True)
    timings: list[float] = []
    bad: dict[int | str, int] = {}
    remaining = total
    deadline = time.monotonic() + PAGE_TIME_LIMIT_S

    async def one_client(client: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            started = time.perf_counter()
            try:
                if page["kind"] == "document":
                    status: int | str = await fetch_document(client, path)
                else:
                    status = (await client.get(path)).status_code
            except httpx.HTTPError as exc:  # a timeout is a result, not a crash
                bad[type(exc).__name__] = bad.get(type(exc).__name__, 0) + 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if status == expect:
                timings.append(elapsed)
            else:
                bad[status] = bad.get(status, 0) + 1

    wall_start = time.perf_counter()
    await asyncio.gather(*(one_client(c) for c in clients))
    wall = time.perf_counter() - wall_start
    if not timings:
        return {"done": 0, "errors": bad}
    return {
        "done": len(timings),
        "errors": bad,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "max_ms": round(max(timings), 1),
        "rps": round(len(timings) / wall, 2),
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def judge(name: str, page: dict, stats: dict, floor_median: float | None) -> list[str]:
    out = []
    if stats.get("errors"):
        out.append(f"ERROR {stats['errors']}")
    if "median_ms" not in stats:
        return out or ["ERROR no response"]
    if page["kind"] == "html":
        out.append(f"p95<{HTML_P95_MS}ms {verdict(stats['p95_ms'] < HTML_P95_MS)}")
        if floor_median:
            ratio = stats["median_ms"] / floor_median
            ok = ratio <= HTML_MEDIAN_FLOOR_RATIO
            out.append(f"median<={HTML_MEDIAN_FLOOR_RATIO:g}x floor {verdict(ok)}")
    elif page["kind"] in ("pdf", "document"):
        alone = stats.get("alone", {}).get("median_ms")
        limit = PDF_LIMITS_MS.get(name)
        if alone is None:
            out.append("ERROR no single-client figure")
        elif limit is None:
            out.append(f"alone {alone:g} ms (for information, no target)")
        else:
            out.append(f"alone {alone:g} ms < {limit / 1000:g}s {verdict(alone < limit)}")
    return out


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


async def main(args) -> dict:
    base = args.base_url
    if urlsplit(base).hostname != "127.0.0.1":
        raise SystemExit("The benchmark only ever contacts 127.0.0.1.")
    large = json.loads(Path(args.large).read_text())
    small = json.loads(Path(args.small).read_text())
    load_before = machine()
    load_before["yardstick_s"] = python_yardstick()
    sessions: dict[str, list[httpx.AsyncClient]] = {}
    for role, username in USERS.items():
        sessions[role] = [await sign_in(base, username) for _ in range(args.clients)]
    results = {}
    try:
        for name, page in large["pages"].items():
            if page["path"] is None:
                results[name] = {"absent": True}
                print(f"  {name:<16} not in this version of the application: skipped")
                continue
            total = max(args.clients, round(page["requests"] * args.requests_scale))
            stats = await measure(page, sessions[page["role"]], total)
            if page["kind"] in ("pdf", "document"):
                # What one person waits for their document, with nobody else printing: the
                # PDF targets are judged on this; the concurrent figures are shown beside it.
                stats["alone"] = await measure(
                    page, sessions[page["role"]][:1], SINGLE_PDF_REQUESTS, warm=False
                )
            results[name] = stats
            print(f"  {name:<16} {stats}", flush=True)
        results["while_printing"] = await while_printing(base, large["pages"], sessions, results)
    finally:
        for clients in sessions.values():
            for client in clients:
                await client.aclose()
    return {
        "machine_before": load_before,
        "machine_after": machine(),
        "clients": args.clients,
        "results": results,
        "large": large,
        "small": small,
    }


def report(data: dict, workers: str, commit: str) -> str:
    results, large, small = data["results"], data["large"], data["small"]
    floor = results.get("floor", {}).get("median_ms")
    lines = [
        f"Benchmark: {data['clients']} concurrent clients, gunicorn {workers} sync workers, "
        f"commit {commit}",
        f"Machine: {data['machine_before'].get('nproc')} cores, "
        f"{data['machine_before'].get('memory_gb')} GB; load average before "
        f"{' '.join(data['machine_before'].get('load', []))}, after "
        f"{' '.join(data['machine_after'].get('load', []))}; Python yardstick (5 million "
        f"additions in a loop): {data['machine_before'].get('yardstick_s', '?')} s of CPU",
        f"Large data set: {large['cases']:,} cases, busy case {large['busy_case_id']} with "
        f"{large['contacts_on_busy_case']} contacts; small: {small['cases']:,} cases, busy case "
        f"with {small['contacts_on_busy_case']} contacts",
        "",
        "| page | requests | median ms | p95 ms | req/s | x floor | queries small | queries large "
        "| targets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, page in large["pages"].items():
        stats = results.get(name, {})
        q_small = small["pages"].get(name, {}).get("queries")
        q_large = page.get("queries")
        if stats.get("absent"):
            lines.append(f"| {page['label']} | - | - | - | - | - | - | - | not present |")
            continue
        targets = judge(name, page, stats, floor if name != "floor" else None)
        if q_small is not None and q_large is not None and name != "floor":
            targets.append(f"queries equal {verdict(q_small == q_large)}")
        ratio = f"{stats['median_ms'] / floor:.1f}" if floor and "median_ms" in stats else "-"
        lines.append(
            f"| {page['label']} | {stats.get('done', 0)} | {stats.get('median_ms', '-')} | "
            f"{stats.get('p95_ms', '-')} | {stats.get('rps', '-')} | {ratio} | {q_small} | "
            f"{q_large} | {'; '.join(targets)} |"
        )
    printing = results.get("while_printing", {})
    if not printing.get("absent"):
        lines += [
            "",
            f"HTML pages while {PRINTING_CLIENTS} more managers print the busy case record "
            f"(documents made meanwhile: {printing.get('documents_made', 0)})",
            "",
            "| page | median ms alone | median ms while printing | ratio | target |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for name, stats in printing.items():
            if not isinstance(stats, dict) or "ratio" not in stats:
                continue
            ok = stats["ratio"] <= PRINTING_HTML_RATIO
            lines.append(
                f"| {large['pages'][name]['label']} | {results[name]['median_ms']} | "
                f"{stats['median_ms']} | {stats['ratio']} | "
                f"<= {PRINTING_HTML_RATIO:g}x {verdict(ok)} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--large", required=True)
    parser.add_argument("--small", required=True)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests-scale", type=float, default=1.0)
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
