"""Load the demo entries of the requirement table and the missions (ADR 0522)."""

from django.db import migrations


def load(apps, schema_editor):
    from onestop.visas.reference_data import load as load_rows

    load_rows(apps.get_model("visas", "VisaRequirement"), apps.get_model("visas", "Mission"))


class Migration(migrations.Migration):
    dependencies = [("visas", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
