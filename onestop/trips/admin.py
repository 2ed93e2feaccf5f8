from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Trip, TripPolicy
from .services.policy import trip_policy_save


@admin.register(TripPolicy)
class TripPolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "max_countries", "max_days_by_countries", "max_persons", "sla_working_days")
    list_filter = ("is_active",)
    fieldsets = (
        (None, {"fields": ("name", "is_active")}),
        (
            "Limits",
            {
                "fields": (
                    "max_countries",
                    "max_days_by_countries",
                    "far_regions",
                    "far_region_extra_days",
                    "max_persons",
                    "exemption_relaxes_persons",
                )
            },
        ),
        (_("Review"), {"fields": ("sla_working_days",)}),
        (
            _("After the trip"),
            {"fields": ("report_due_working_days", "report_reminder_working_days", "max_trips_per_person_per_year")},
        ),
    )

    def save_model(self, request, obj, form, change):
        trip_policy_save(policy=obj, by=request.user)


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    """Read-only: trips change through their pages and API, which apply the workflow."""

    list_display = ("__str__", "organization", "inviter_country", "departs_on", "returns_on", "approval_number")
    list_select_related = ("case", "organization")
    search_fields = ("case__number", "inviter_name", "approval_number")
    readonly_fields = [f.name for f in Trip._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
