"""The benchmark's report: each page's figures against the issue 18 and 20 targets, as a
Markdown table (scripts/bench/load.py prints it and writes test-artifacts/benchmark/latest.md)."""

from __future__ import annotations

# The issue 20 targets.
FLOOR_OVER_BARE = 5.0  # the signed-in floor within 5x a bare Django view (requests per second)
PAGE_OVER_FLOOR = 4.0  # every HTML page within 4x the floor (requests per second)
HTML_P99_MS = 500  # at 10 connections
PDF_LIMITS_MS = {"family_plan_pdf": 1000, "case_record_pdf": 5000}
# While this many clients print the busy case record, each HTML page's median stays within this
# ratio of its median with nobody printing (issue 18).
PRINTING_CLIENTS = 10
PRINTING_HTML_RATIO = 1.25


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def judge(name: str, page: dict, stats: dict, floor_rps: float | None, bare_rps: float | None):
    out = []
    if stats.get("errors"):
        out.append(f"ERROR {stats['errors']}")
    if page["kind"] == "document":
        alone = stats.get("alone_p50_ms")
        limit = PDF_LIMITS_MS.get(name)
        if alone is None:
            out.append("ERROR no figure")
        elif limit is None:
            out.append(f"alone {alone:g} ms (for information, no target)")
        else:
            out.append(f"alone {alone:g} ms < {limit / 1000:g}s {verdict(alone < limit)}")
        return out
    if not stats.get("requests"):
        return out or ["ERROR no response within the run"]
    expected_errors = stats["requests"] if page["expect"] >= 400 else 0
    if stats.get("non_2xx_3xx", 0) != expected_errors:
        out.append(f"ERROR {stats['non_2xx_3xx']} unexpected statuses")
    if page["kind"] == "floor" and bare_rps:
        ratio = bare_rps / stats["rps"]
        out.append(f"bare/floor<={FLOOR_OVER_BARE:g} {verdict(ratio <= FLOOR_OVER_BARE)}")
    elif page["kind"] == "html":
        out.append(f"p99<{HTML_P99_MS}ms {verdict(stats['p99_ms'] < HTML_P99_MS)}")
        if floor_rps:
            ratio = floor_rps / stats["rps"]
            out.append(f"floor/page<={PAGE_OVER_FLOOR:g} {verdict(ratio <= PAGE_OVER_FLOOR)}")
    elif page["kind"] == "pdf":
        limit = PDF_LIMITS_MS.get(name)
        alone = stats.get("alone_p50_ms")
        if alone is None:
            out.append("ERROR no response alone within the run")
        elif limit:
            out.append(f"alone {alone:g} ms < {limit / 1000:g}s {verdict(alone < limit)}")
    return out


def report(data: dict, workers: str, commit: str) -> str:
    results, large, small = data["results"], data["large"], data["small"]
    bare_rps = results.get("bare", {}).get("rps")
    floor_rps = results.get("floor", {}).get("rps")
    before, after = data["machine_before"], data["machine_after"]
    lines = [
        f"Benchmark: wrk, {data['connections']} connections, {data['seconds']:g} s a page"
        f"{' (quick run)' if data.get('quick') else ''}, gunicorn {workers} sync workers, "
        f"commit {commit}",
        f"Machine: {before.get('nproc')} cores, {before.get('memory_gb')} GB; load average "
        f"before {' '.join(before.get('load', []))}, after {' '.join(after.get('load', []))}; "
        f"Python yardstick (5 million additions in a loop): {before.get('yardstick_s', '?')} s",
        f"Data set: {large['cases']:,} cases, busy case {large['busy_case_id']} with "
        f"{large['contacts_on_busy_case']} contacts; small: {small['cases']:,} cases, busy case "
        f"with {small['contacts_on_busy_case']} contacts",
        "",
        "| page | requests | req/s | p50 ms | p99 ms | CPU ms/req (app + db) | x cost | x CPU | "
        "queries small | queries large | targets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    bare = results.get("bare", {})
    if bare.get("requests"):
        lines.append(
            f"| Bare Django view (no middleware, no database) | {bare['requests']} | "
            f"{bare['rps']} | {bare['p50_ms']} | {bare['p99_ms']} | "
            f"{bare.get('cpu_ms', '-')} | - | - | - | - | yardstick |"
        )
    for name, page in large["pages"].items():
        stats = results.get(name, {})
        q_small = small["pages"].get(name, {}).get("queries")
        q_large = page.get("queries")
        if stats.get("absent") or stats.get("skipped"):
            note = "not present" if stats.get("absent") else stats["skipped"]
            lines.append(f"| {page['label']} | - | - | - | - | - | - | - | - | - | {note} |")
            continue
        targets = judge(name, page, stats, floor_rps, bare_rps)
        if q_small is not None and q_large is not None and name != "floor":
            targets.append(f"queries equal {verdict(q_small == q_large)}")
        # How many times dearer than the row it is held to: the floor over the bare view, a
        # page over the floor (in requests per second).
        base = bare_rps if name == "floor" else floor_rps
        ratio = f"{base / stats['rps']:.1f}" if base and stats.get("rps") else "-"
        base_cpu = (bare if name == "floor" else results.get("floor", {})).get("cpu_ms")
        cpu_ratio = f"{stats['cpu_ms'] / base_cpu:.1f}" if base_cpu and "cpu_ms" in stats else "-"
        cpu = (
            f"{stats['cpu_ms']} ({stats['cpu_app_ms']} + {stats['cpu_db_ms']})"
            if "cpu_ms" in stats
            else "-"
        )
        if page["kind"] == "document":
            lines.append(
                f"| {page['label']} | {stats.get('requests', 0)} | - | "
                f"{stats.get('alone_p50_ms', '-')} (alone) | - | - | - | - | {q_small} | "
                f"{q_large} | {'; '.join(targets)} |"
            )
            continue
        lines.append(
            f"| {page['label']} | {stats.get('requests', 0)} | {stats.get('rps', '-')} | "
            f"{stats.get('p50_ms', '-')} | {stats.get('p99_ms', '-')} | {cpu} | {ratio} | "
            f"{cpu_ratio} | {q_small} | {q_large} | {'; '.join(targets)} |"
        )
    lines += [
        "",
        "x cost: the floor's is the bare view's requests per second over the floor's; a page's "
        "is the floor's over the page's (the targets). x CPU: the same with CPU ms per request, "
        "steadier than requests per second on a shared machine. CPU: the gunicorn workers' and "
        "the application's PostgreSQL backends' CPU during the page's run (requests still in "
        "flight when wrk stops included), divided by the requests wrk counted. Documents queued "
        "for the worker are timed by the Python client, one person alone.",
    ]
    printing = results.get("while_printing", {})
    if printing and not printing.get("absent"):
        lines += [
            "",
            f"HTML pages while {PRINTING_CLIENTS} more managers print the busy case record, in "
            f"slices of {printing.get('slice_s')} s alternating with slices where nobody prints "
            f"({printing.get('slices_per_condition')} of each a page, quiet-printing-printing-"
            f"quiet; documents made meanwhile: {printing.get('documents_made', 0)})",
            "",
            "| page | p50 ms quiet | p50 ms printing | p50 ratio | req/s quiet | "
            "req/s printing | req/s ratio | target (p50) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for name, stats in printing.items():
            if not isinstance(stats, dict) or "quiet" not in stats:
                continue
            quiet, busy = stats["quiet"], stats["printing"]
            if not quiet["p50_ms"] or not busy["p50_ms"] or not busy["rps"]:
                lines.append(f"| {large['pages'][name]['label']} | ERROR no responses |")
                continue
            p50_ratio = round(busy["p50_ms"] / quiet["p50_ms"], 2)
            rps_ratio = round(quiet["rps"] / busy["rps"], 2)
            errors = quiet["errors"] + busy["errors"]
            lines.append(
                f"| {large['pages'][name]['label']} | {quiet['p50_ms']} | {busy['p50_ms']} | "
                f"{p50_ratio} | {quiet['rps']} | {busy['rps']} | {rps_ratio} | "
                f"<= {PRINTING_HTML_RATIO:g}x {verdict(p50_ratio <= PRINTING_HTML_RATIO)}"
                f"{f'; ERROR {errors} wrk errors' if errors else ''} |"
            )
    return "\n".join(lines)
