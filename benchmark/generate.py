"""A large authority's five years of case records, generated fast for the benchmark.

`build(scale=1.0, seed=..., today=...)` fills the configured database with one fictional
organisation ("Greater Fernshire County Council (fictional)"): 3 services, 12 teams, 120 staff,
5,000 families (x scale) with their cases from referral to closure and follow-up.

How it stays fast:
- rows are built in memory a chunk of families at a time and written with `bulk_create`
  (batches of 5,000), parents before children, so each chunk is a handful of INSERTs per table;
- `bulk_create` sends no signals, so django-simple-history writes **no historical rows** for
  generated data (and the managers' notification signals do not fire); generated records
  therefore have no "who changed what" history, which no page measured here reads in bulk;
- `auto_now` / `auto_now_add` are switched off while loading so `created_at` / `updated_at`
  carry the record's own historical date instead of the moment of the load.

Deterministic: the same seed and the same `today` anchor give the same rows (ids included, on a
fresh database). Everything is plainly fictional.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from benchmark.closures import Closures
from benchmark.contacts import ContactsAndEvents
from benchmark.families import BUSY_FAMILY_NAME, FamiliesAndCases, busy_case_id
from benchmark.loading import Counts, historical_timestamps
from benchmark.organisation import (
    BENCH_PASSWORD,
    BENCH_SERVICE_MANAGER,
    BENCH_TEAM_MANAGER,
    BENCH_WORKER,
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
) -> Result:
    started = time.monotonic()
    builder = Builder(scale=scale, seed=seed, today=today, busy_contacts=busy_contacts, log=log)
    with transaction.atomic():
        builder.build_organisation()
        with historical_timestamps():
            builder.build()
            builder.mark_busy_case_significant()
    counts = dict(builder.counts.rows)
    return Result(builder.org, busy_case_id(), counts, time.monotonic() - started)
