"""How the generator writes fast: rows held in memory by table and written with `bulk_create`,
parents before children, carrying their own historical dates."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps

BATCH = 5000
LONDON = ZoneInfo("Europe/London")


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, n: int) -> None:
        self.rows[label] = self.rows.get(label, 0) + n


@contextlib.contextmanager
def historical_timestamps() -> Iterator[None]:
    """Let generated rows carry their own created/updated dates (auto_now off while loading)."""
    switched = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in switched:
            f.auto_now, f.auto_now_add = now, now_add


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def stamped(obj, day: datetime.date, hour: int = 10):
    """Set created_at / updated_at (case-record models) to the record's own date."""
    moment = at(day, hour)
    if hasattr(obj, "created_at"):
        obj.created_at = moment
    if hasattr(obj, "updated_at"):
        obj.updated_at = moment
    return obj


def clamp(score: int) -> int:
    return max(0, min(10, score))


class Tables:
    """Rows waiting to be written, by model, in the order they must be inserted."""

    def __init__(self, counts: Counts):
        self.rows: dict[str, list] = {}
        self.order: list[tuple[str, type]] = []
        self.counts = counts
        self.later: list[Callable[[], None]] = []

    def add(self, key: str, model: type, obj) -> object:
        if key not in self.rows:
            self.rows[key] = []
            self.order.append((key, model))
        self.rows[key].append(obj)
        return obj

    def flush(self, keys: list[str]) -> None:
        for key, model in self.order:
            if key not in keys:
                continue
            objs = self.rows.get(key) or []
            if objs:
                model._default_manager.bulk_create(objs, batch_size=BATCH)
                self.counts.add(key, len(objs))
            self.rows[key] = []
