"""Admin: the custody policy (one row) is edited here; passports, reservations, handovers
and applications are read-only, since they change only through the services."""

from django.contrib import admin

from onestop.cases.audit import audit_record

from .models import Handover, Passport, PassportApplication, PassportPolicy, Reservation


@admin.register(PassportPolicy)
class PassportPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "__str__", "validity_margin_months", "return_days_after_trip", "return_days_after_cancellation",
        "return_days_are_working_days", "due_moves_to_working_day", "block_after_days", "block_enabled",
    )  # fmt: skip

    def has_add_permission(self, request):
        return not PassportPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="passports.policy.saved",
            obj=obj,
            new={name: form.cleaned_data[name] for name in form.changed_data},
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Passport)
class PassportAdmin(ReadOnlyAdmin):
    list_display = ("number_masked", "holder", "type", "status", "expires_on", "organization", "custodian")
    list_filter = ("status", "type")
    list_select_related = ("holder", "organization", "custodian")
    search_fields = ("holder__full_name",)


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ("passport", "trip_case", "starts_on", "ends_on", "due_on", "status", "returned_late")
    list_filter = ("status", "returned_late")
    list_select_related = ("passport", "trip_case")


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    list_display = ("passport", "person", "proposed_outcome", "status", "raised_at", "completed_at")
    list_filter = ("status",)
    list_select_related = ("passport", "person")


@admin.register(PassportApplication)
class PassportApplicationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "person", "kind", "passport_type", "organization")
    list_select_related = ("case", "person", "organization")
