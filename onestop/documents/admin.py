from django.contrib import admin

from .models import IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are issued and revoked through the services (audited), never
    edited by hand."""

    list_display = ["code", "kind", "title", "status", "issued_at", "case"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "title", "case__number"]
    date_hierarchy = "issued_at"
    list_select_related = ["case"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
