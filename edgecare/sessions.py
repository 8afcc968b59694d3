"""The session engine (SESSION_ENGINE): Django's database sessions, read with one SQL
statement written once instead of an ORM query built on every request.

Every signed-in request reads its session, so the read is part of the floor every page
stands on (docs/performance.md). Django builds the same `SELECT` through the ORM on each
request (a queryset, a lookup, the compiler), and that building cost about a fifth of a
signed-in 404's CPU. The statement here is written once, from the model's own table and
column names, and asks for exactly what Django's `load()` uses. Everything else (saving,
creating, expiring, deleting, `clearsessions`) is Django's, unchanged, on the same table.
"""

from __future__ import annotations

from functools import cache

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.db.models import Model
from django.utils import timezone


@cache
def _read_statement(alias: str, model: type[Model]) -> str:
    quote = connections[alias].ops.quote_name
    options = model._meta

    def column(name: str) -> str:
        return quote(options.get_field(name).column)

    return (
        f"SELECT {column('session_data')} FROM {quote(options.db_table)} "  # noqa: S608
        f"WHERE {column('session_key')} = %s AND {column('expire_date')} > %s"
    )


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The session's row as Django's own read finds it (its key, not yet expired), or
        None and no key, as Django's own does when there is none."""
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        # The time as the ORM would send it (naive UTC text on SQLite, aware on PostgreSQL).
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_read_statement(alias, model), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        # load() reads only the data; a model instance keeps the method's promise to callers.
        return model(session_key=self.session_key, session_data=row[0])
