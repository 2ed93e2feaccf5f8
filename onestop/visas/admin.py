"""Admin: the requirement table and the missions are kept here (saved through the services,
so every change is validated and audited); applications, batches and visas are read-only,
since they change only through the services."""

from django.contrib import admin

from . import services
from .models import Mission, Visa, VisaApplication, VisaBatch, VisaRequirement


@admin.register(VisaRequirement)
class VisaRequirementAdmin(admin.ModelAdmin):
    list_display = ("country", "passport_type", "kind", "max_stay_days", "processing_days", "valid_from", "source")
    list_filter = ("kind", "passport_type")
    search_fields = ("country", "source")
    ordering = ("country", "passport_type", "-valid_from")

    def save_model(self, request, obj, form, change):
        services.requirement_save(requirement=obj, by=request.user)


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "country", "kind", "city", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("country", "city")

    def save_model(self, request, obj, form, change):
        services.mission_save(mission=obj, by=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisaApplication)
class VisaApplicationAdmin(ReadOnlyAdmin):
    list_display = ("case", "person", "country", "requirement_kind", "arrive_on", "submit_by", "batch")
    list_filter = ("requirement_kind", "country")
    list_select_related = ("case", "person", "batch")
    search_fields = ("case__number", "person__full_name")
    exclude = ("data",)


@admin.register(VisaBatch)
class VisaBatchAdmin(ReadOnlyAdmin):
    list_display = ("number", "mission", "country", "submitted_on", "covering_letter_code")
    list_select_related = ("mission",)


@admin.register(Visa)
class VisaAdmin(ReadOnlyAdmin):
    list_display = ("number_masked", "person", "country", "entries", "valid_from", "valid_until", "passport")
    list_select_related = ("person", "passport")
    exclude = ("number_encrypted", "number_hash")
