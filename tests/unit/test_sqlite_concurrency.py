"""Two people saving at once on SQLite (the demo) both succeed: WAL, IMMEDIATE transactions and
a busy timeout (settings.SQLITE_OPTIONS), not "database is locked"."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


def demo_database(path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(settings.SQLITE_OPTIONS),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }


def save_like_a_form(path, name: str, errors: list, hold_seconds: float) -> None:
    """Read the record's version, then write: the shape of every save (RowVersionFormMixin)."""
    connection = DatabaseWrapper(demo_database(path), alias=name)
    try:
        # What transaction.atomic does on SQLite: BEGIN in the configured transaction_mode.
        connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT row_version FROM record WHERE id = 1")
            (version,) = cursor.fetchone()
            time.sleep(hold_seconds)  # the other person saves meanwhile
            cursor.execute(
                "UPDATE record SET row_version = %s, saved_by = saved_by || %s WHERE id = 1",
                [version + 1, name],
            )
        connection.commit()
        connection.set_autocommit(True)
    except Exception as error:  # noqa: BLE001 - the test reports it
        errors.append(f"{name}: {error}")
    finally:
        connection.close()


def test_two_people_saving_at_once_on_sqlite_both_succeed(tmp_path, django_db_blocker):
    # A database file of its own (not the test database), as the demo runs on.
    with django_db_blocker.unblock():
        two_saves_at_once(tmp_path / "demo.sqlite3")


def two_saves_at_once(path) -> None:
    setup = DatabaseWrapper(demo_database(path), alias="setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE record (id integer primary key, row_version int, saved_by)")
        cursor.execute("INSERT INTO record VALUES (1, 0, '')")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    setup.close()

    errors: list[str] = []
    threads = [
        threading.Thread(target=save_like_a_form, args=(path, name, errors, hold))
        for name, hold in (("first", 0.5), ("second", 0.0))
    ]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join()

    assert not errors
    check = DatabaseWrapper(demo_database(path), alias="check")
    with check.cursor() as cursor:
        cursor.execute("SELECT row_version, saved_by FROM record WHERE id = 1")
        assert cursor.fetchone() == (2, "firstsecond")
    check.close()
