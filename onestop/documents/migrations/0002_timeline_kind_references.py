"""Timeline lines about documents refer to the document's kind, so they name the document in
the reader's language (ADR 0012). Lines written before carry only the title as issued; this
adds the reference from the document their verification code names."""

from django.db import migrations

CODES = ("documents.issued", "documents.revoked")
REFS_KEY = "_refs"  # onestop.cases.references.REFS_KEY, frozen here as migrations must be
KIND_REFERENCE = "documents.kind"


def add_kind_references(apps, schema_editor):
    TimelineEntry = apps.get_model("cases", "TimelineEntry")
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    for entry in TimelineEntry.objects.filter(code__in=CODES).iterator():
        params = entry.params if isinstance(entry.params, dict) else {}
        if REFS_KEY in params or not params.get("code"):
            continue
        kind = IssuedDocument.objects.filter(code=params["code"]).values_list("kind", flat=True).first()
        if kind is None:
            continue
        entry.params = {**params, REFS_KEY: {"title": [KIND_REFERENCE, kind]}}
        entry.save(update_fields=["params"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("cases", "0003_clock_stopped_at"),
    ]

    operations = [migrations.RunPython(add_kind_references, migrations.RunPython.noop)]
