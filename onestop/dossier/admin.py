"""Admin for the material catalogue and a read-mostly view of persons. Identity numbers are
shown masked only: revealing one goes through the audited reveal page."""

from django.contrib import admin

from .models import IdentityDocument, Material, MaterialType, Person


@admin.register(MaterialType)
class MaterialTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "per_case", "validity_days", "max_bytes", "accepted_types"]
    list_filter = ["per_case"]
    search_fields = ["code", "name"]


class IdentityDocumentInline(admin.TabularInline):
    model = IdentityDocument
    fields = ["kind", "number_masked", "issuing_country", "passport_type", "expires_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # numbers are added through the checked service, never typed in here


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "latin_name", "organization", "nationality"]
    list_select_related = ["organization"]
    search_fields = ["full_name", "latin_name"]
    list_filter = ["nationality", "is_teaching_research"]
    raw_id_fields = ["organization", "user"]
    inlines = [IdentityDocumentInline]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["person", "type", "version", "verification", "scan_status", "valid_until", "uploaded_at"]
    list_filter = ["type", "verification", "scan_status"]
    list_select_related = ["person", "type"]
    readonly_fields = [f.name for f in Material._meta.fields]
    search_fields = ["sha256"]

    def has_add_permission(self, request) -> bool:
        return False  # uploads go through the checked and scanned service
