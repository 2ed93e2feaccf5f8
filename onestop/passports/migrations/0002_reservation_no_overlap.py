"""On PostgreSQL, refuse overlapping live reservations of one passport in the database
itself (an exclusion constraint over the date range); elsewhere the row lock taken by
``passport_reserve`` is the rule (ADR 0505)."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE passports_reservation ADD CONSTRAINT passports_resv_no_overlap
    EXCLUDE USING gist (passport_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
    WHERE (status IN ('active', 'checked_out'))
    """,
]
DROP = ["ALTER TABLE passports_reservation DROP CONSTRAINT IF EXISTS passports_resv_no_overlap"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in CREATE:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("passports", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
