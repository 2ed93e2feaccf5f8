"""Approved trips leave the FAO reviewers' work queue (ADR 0169): the approve move now empties
the case's queue; this clears it for trips approved before the change."""

from django.db import migrations


def forwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(kind="trip", state="approved", queue="fao_reviewer").update(queue="")


class Migration(migrations.Migration):
    dependencies = [("trips", "0004_after_the_approval")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
