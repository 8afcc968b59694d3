"""The database cache's table (settings.CACHES), created by `migrate` so a deployment needs no
separate `createcachetable` step. Does nothing when CACHE_URL names another kind of cache."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # createcachetable skips a table that is already there, so re-running is safe.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("edgecare", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
