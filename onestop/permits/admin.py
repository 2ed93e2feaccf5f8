from django.contrib import admin

from .models import CorrectionRequest, PermitApplication, PermitPolicy, Review
from .services import permit_policy_save


@admin.register(PermitPolicy)
class PermitPolicyAdmin(admin.ModelAdmin):
    """The single policy row: time limit, warning threshold, passport validity, biometrics."""

    list_display = (
        "__str__",
        "sla_working_days",
        "warning_working_days",
        "passport_min_valid_days",
        "biometrics_before_residence_approval",
        "updated_at",
    )

    def has_add_permission(self, request):
        return not PermitPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        permit_policy_save(policy=obj, by=request.user)


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    fields = ("kind", "queue", "status", "officer", "round", "started_at", "decided_at", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CorrectionInline(admin.TabularInline):
    model = CorrectionRequest
    extra = 0
    can_delete = False
    fields = ("round", "points", "sent_at", "answered_at", "response")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PermitApplication)
class PermitApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through the workflow's services."""

    list_display = ("case", "employer", "job_title", "decided_at", "decision_working_days", "on_time")
    list_filter = ("case__state", "on_time")
    search_fields = ("case__number", "job_title")
    inlines = [ReviewInline, CorrectionInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
