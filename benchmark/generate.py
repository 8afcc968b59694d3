"""A large authority's five years of case records, generated fast for the benchmark.

`build(scale=1.0, seed=..., today=...)` fills the configured database with a fictional
organisation ("Greater Fernshire County Council (fictional)"): 3 services, 12 teams, 120 staff,
5,000 families (x scale) with their cases from referral to closure and follow-up. Above scale 1
more organisations of 5,000 families each share the database (scale 10: Fernshire and nine
more, 50,000 families); Fernshire's rows, and so every page the benchmark measures, are the
same as at scale 1, so the scale-10 figures show what the size of the database alone costs.

How it stays fast:
- rows are built in memory a chunk of families at a time and written parents before children,
  one `COPY` per table and chunk on PostgreSQL (`bulk_create` in batches of 5,000 elsewhere);
- neither sends signals, so django-simple-history writes **no historical rows** for
  generated data (and the managers' notification signals do not fire); generated records
  therefore have no "who changed what" history, which no page measured here reads in bulk;
- `auto_now` / `auto_now_add` are switched off while loading so `created_at` / `updated_at`
  carry the record's own historical date instead of the moment of the load.

Deterministic: the same seed and the same `today` anchor give the same rows (ids included, on a
fresh database). Everything is plainly fictional.
"""

from __future__ import annotations

import datetime
import functools
import multiprocessing
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, connections, transaction

from benchmark.closures import Closures
from benchmark.contacts import ContactsAndEvents
from benchmark.families import (
    BUSY_FAMILY_NAME,
    FAMILIES_AT_FULL_SCALE,
    FamiliesAndCases,
    busy_case_id,
)
from benchmark.loading import Counts, historical_timestamps
from benchmark.organisation import (
    BENCH_PASSWORD,
    BENCH_SERVICE_MANAGER,
    BENCH_TEAM_MANAGER,
    BENCH_WORKER,
    MORE_ORGANISATIONS,
    ORGANISATION_NAME,
    OrganisationAndStaff,
)
from benchmark.support import SupportAtHome
from edgecare.models import Organisation

# What callers (the management command, scripts/bench, the tests) import from here.
__all__ = [
    "BENCH_PASSWORD",
    "BENCH_SERVICE_MANAGER",
    "BENCH_TEAM_MANAGER",
    "BENCH_WORKER",
    "BUSY_FAMILY_NAME",
    "FAMILIES_AT_FULL_SCALE",
    "MORE_ORGANISATIONS",
    "ORGANISATION_NAME",
    "Result",
    "build",
    "busy_case_id",
]

YEARS = 5


@dataclass
class Result:
    organisation: Organisation
    busy_case_id: int
    counts: dict[str, int]
    seconds: float


class Builder(OrganisationAndStaff, FamiliesAndCases, ContactsAndEvents, SupportAtHome, Closures):
    """One generation run: its random stream, its anchor date and what it has built so far."""

    def __init__(
        self,
        *,
        scale: float,
        seed: int,
        today: datetime.date,
        busy_contacts: int,
        log: Callable[[str], None],
    ):
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - fictional data, not secrets
        self.today = today
        self.busy_contacts = busy_contacts
        self.log = log
        self.counts = Counts()
        self.start = today - datetime.timedelta(days=365 * YEARS)


def build(
    *,
    scale: float = 1.0,
    seed: int = 20261123,
    today: datetime.date,
    busy_contacts: int = 500,
    log: Callable[[str], None] = print,
    families_per_organisation: int = FAMILIES_AT_FULL_SCALE,
    jobs: int = 1,
) -> Result:
    """Fernshire first, in a transaction of its own; then each further organisation in its
    own transaction, in `jobs` processes side by side (PostgreSQL only) when asked."""
    started = time.monotonic()
    sizes = organisation_sizes(
        max(10, round(FAMILIES_AT_FULL_SCALE * scale)), families_per_organisation
    )
    builder = Builder(scale=scale, seed=seed, today=today, busy_contacts=busy_contacts, log=log)
    with transaction.atomic():
        builder.build_organisation(0)
        with historical_timestamps():
            builder.build(sizes[0], benchmark_cases=True)
            builder.mark_busy_case_significant()
    counts = builder.counts
    more = [
        (index, n_families, seed, today, busy_contacts)
        for index, n_families in enumerate(sizes)
        if index
    ]
    if jobs > 1 and len(more) > 1 and connection.vendor == "postgresql":
        connections.close_all()  # each process opens a connection of its own
        with multiprocessing.get_context("fork").Pool(min(jobs, len(more))) as pool:
            for rows in pool.imap_unordered(_build_more, more):
                for label, n in rows.items():
                    counts.add(label, n)
    else:
        for args in more:
            for label, n in _build_more(args, log=log).items():
                counts.add(label, n)
    return Result(builder.org, busy_case_id(), dict(counts.rows), time.monotonic() - started)


def _build_more(args: tuple, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """One further organisation (index >= 1) with its families, in a transaction of its own;
    its rows counted. Each has a random stream of its own, so Fernshire's rows (and every
    measured page) do not depend on how many organisations come after it, nor in what order
    they are written."""
    index, n_families, seed, today, busy_contacts = args
    builder = Builder(
        scale=1.0,
        seed=seed,
        today=today,
        busy_contacts=busy_contacts,
        log=log or functools.partial(print, flush=True),
    )
    builder.rng = random.Random(f"{seed}-{index}")  # noqa: S311 - fictional data, not secrets
    with transaction.atomic():
        builder.build_organisation(index)
        with historical_timestamps():
            builder.build(n_families, benchmark_cases=False)
    return dict(builder.counts.rows)


def organisation_sizes(n_families: int, per_organisation: int) -> list[int]:
    """Families per organisation: full organisations of `per_organisation`, the last one
    smaller (Fernshire alone up to scale 1)."""
    full, rest = divmod(n_families, per_organisation)
    sizes = [per_organisation] * full + ([rest] if rest else [])
    if len(sizes) > 1 + len(MORE_ORGANISATIONS):
        raise ValueError(f"At most {1 + len(MORE_ORGANISATIONS)} organisations can be generated.")
    return sizes
