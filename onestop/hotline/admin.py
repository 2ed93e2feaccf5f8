"""Reference data and policies: categories, districts, the dispatch catalogue, deadlines,
duty rosters and Open311 keys. Routing-relevant writes go through the services (audited)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import catalogue_cache, services
from .models import (
    ApiKey,
    Category,
    DeadlinePolicy,
    DispatchRule,
    District,
    HotlineRequest,
    HotspotAlert,
    RouterModel,
    SupervisorDuty,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "deadline_class", "group", "is_active", "order"]
    list_filter = ["deadline_class", "is_active"]
    search_fields = ["code", "name", "keywords"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalogue_cache.forget()


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "organization"]
    search_fields = ["code", "name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalogue_cache.forget()


@admin.register(DispatchRule)
class DispatchRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "district", "department"]
    list_filter = ["category", "district"]
    autocomplete_fields = ["department"]

    def save_model(self, request, obj, form, change):
        saved = services.dispatch_rule_set(
            category=obj.category, district=obj.district, department=obj.department, by=request.user
        )
        obj.pk = saved.pk


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = ["request_type", "category", "budget", "unit", "contact_hours"]
    list_filter = ["request_type", "unit"]

    def save_model(self, request, obj, form, change):
        saved = services.deadline_policy_set(
            budget=obj.budget,
            unit=obj.unit,
            request_type=obj.request_type,
            category=obj.category,
            contact_hours=obj.contact_hours,
            by=request.user,
        )
        obj.pk = saved.pk


@admin.register(SupervisorDuty)
class SupervisorDutyAdmin(admin.ModelAdmin):
    list_display = ["user", "starts_at", "ends_at"]
    autocomplete_fields = ["user"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "is_active", "created_at", "last_used_at"]
    fields = ["name", "is_active"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = services.api_key_create(name=obj.name, by=request.user)
        obj.pk = key.pk
        messages.warning(request, _("The new key is %(key)s — copy it now; it is not shown again.") % {"key": raw})

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for key in queryset:
            services.api_key_revoke(key=key, by=request.user)


@admin.register(RouterModel)
class RouterModelAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "n", "is_active", "source"]
    readonly_fields = ["created_at", "n", "labels", "metrics", "sha256", "source", "is_active"]
    exclude = ["blob"]
    actions = ["activate"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Use the selected model for routing"))
    def activate(self, request, queryset):
        model = queryset.first()
        if model is not None:
            services.router_activate(model_id=model.pk, by=request.user)


@admin.register(HotlineRequest)
class HotlineRequestAdmin(admin.ModelAdmin):
    """Read-only: requests change only through the hotline's pages and services."""

    list_display = ["__str__", "request_type", "channel", "category", "district", "department", "created_at"]
    list_filter = ["request_type", "channel", "category"]
    search_fields = ["case__number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HotspotAlert)
class HotspotAlertAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "category", "district", "count", "status"]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request):
        return False
