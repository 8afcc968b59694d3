"""How the generator writes fast: rows held in memory by table and written parents before
children, carrying their own historical dates. On PostgreSQL each table's rows go in with one
`COPY ... FROM STDIN` (ids taken from the table's sequence first, so children can point at
their parents); elsewhere (the tests' SQLite) with `bulk_create`."""

from __future__ import annotations

import contextlib
import datetime
import decimal
import io
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, models

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


def same_domain(row) -> dict[str, object]:
    """The domain a later score is for, as the assessment's row recorded it: the domain with
    the name and order it had then (reviews and closures score against that snapshot)."""
    return {"domain": row.domain, "domain_name": row.domain_name, "domain_order": row.domain_order}


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

    def new(self, key: str, model: type, day: datetime.date, **fields) -> object:
        """A new row of `model`, dated `day` (see `stamped`), waiting under `key`."""
        return self.add(key, model, stamped(model(**fields), day))

    def flush(self, keys: list[str]) -> None:
        for key, model in self.order:
            if key not in keys:
                continue
            objs = self.rows.get(key) or []
            if objs:
                if connection.vendor == "postgresql":
                    copy_in(model, objs)
                else:
                    model._default_manager.bulk_create(objs, batch_size=BATCH)
                self.counts.add(key, len(objs))
            self.rows[key] = []


def _escaped(text: str) -> str:
    """A value in COPY's text format: backslash, tab, newline and return escaped."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return _escaped(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):  # datetimes too, with their offset
        return value.isoformat()
    raise TypeError(f"The generator cannot COPY a {type(value).__name__}")


def _json_value(value) -> str:
    return "\\N" if value is None else _escaped(json.dumps(value))


def copy_in(model: type[models.Model], objs: list) -> None:
    """Write `objs` (unsaved instances of `model`) with one COPY, as `bulk_create` would: ids
    taken from the table's sequence, foreign keys read from the parents assigned (saved
    earlier, parents first), and the instances marked saved."""
    meta = model._meta
    table = meta.db_table
    pk = meta.pk
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        new = [obj for obj in objs if obj.pk is None]
        if new:
            # Ids from the table's own sequence, so the rows' ids are as the ORM would give
            # them and generators in other processes (other organisations) never collide.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(new)],
            )
            for obj, (n,) in zip(new, cursor.fetchall(), strict=True):
                obj.pk = n
        converters = []
        for f in fields:
            if isinstance(f, models.JSONField):
                converters.append((f, _json_value))
            else:
                converters.append((f, _copy_value))
        buffer = io.StringIO()
        write = buffer.write
        for obj in objs:
            cache = obj._state.fields_cache
            values = []
            for f, convert in converters:
                value = getattr(obj, f.attname)
                if value is None and f.is_relation:
                    parent = cache.get(f.name)
                    if parent is not None:
                        value = parent.pk
                        obj.__dict__[f.attname] = value  # the parent stays cached
                values.append(convert(value))
            write("\t".join(values))
            write("\n")
            obj._state.adding = False
            obj._state.db = connection.alias
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", buffer
        )
