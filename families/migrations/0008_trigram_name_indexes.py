"""Trigram (pg_trgm) GIN indexes on the names a worker searches and the duplicate-family check
compares, so both are answered from an index on PostgreSQL instead of reading every name.

The indexes are on UPPER(name), the expression Django's case-insensitive `icontains` compares
(`UPPER(col::text) LIKE UPPER('%q%')`), so one index serves both the search's "contains" and
the trigram similarity (`%`) of `families.matching.names_may_look_alike`. Beside them, plain
indexes on UPPER(external_id), the expression the search's `iexact` on the previous system's
ids compares, so no part of the search reads a whole table. On any other database (the tests'
SQLite) this migration does nothing.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("families_family_name_trgm", "families_family", "family_name"),
    ("families_person_first_name_trgm", "families_person", "first_name"),
    ("families_person_last_name_trgm", "families_person", "last_name"),
    ("families_person_preferred_name_trgm", "families_person", "preferred_name"),
]
EXTERNAL_ID_INDEXES = [
    ("families_family_external_id_upper", "families_family"),
    ("families_person_external_id_upper", "families_person"),
    ("families_case_external_id_upper", "families_case"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )
    for name, table in EXTERNAL_ID_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (UPPER(external_id::text))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, *_ in INDEXES + EXTERNAL_ID_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0007_external_ids"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
