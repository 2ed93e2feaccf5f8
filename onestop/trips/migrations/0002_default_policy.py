from django.db import migrations


def create_default(apps, schema_editor):
    TripPolicy = apps.get_model("trips", "TripPolicy")
    if not TripPolicy.objects.filter(is_active=True).exists():
        TripPolicy.objects.create(
            name="default",
            is_active=True,
            max_countries=3,
            max_days_by_countries=[5, 8, 10],
            far_regions=["latin_america", "africa"],
            far_region_extra_days=1,
            max_persons=6,
            exemption_relaxes_persons=True,
            sla_working_days=5,
        )


class Migration(migrations.Migration):
    dependencies = [("trips", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
