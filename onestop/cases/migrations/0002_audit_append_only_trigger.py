"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the audit table."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cases_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS cases_auditevent_append_only ON cases_auditevent;
CREATE TRIGGER cases_auditevent_append_only BEFORE UPDATE OR DELETE ON cases_auditevent
    FOR EACH ROW EXECUTE FUNCTION cases_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS cases_auditevent_append_only ON cases_auditevent;
DROP FUNCTION IF EXISTS cases_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
