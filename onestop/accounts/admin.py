from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Organization, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["username"]
    list_display = ["username", "full_name", "organization", "preferred_language", "is_active"]
    search_fields = ["username", "full_name", "latin_name", "email"]
    list_filter = ["is_active", "preferred_language", "role_grants__role"]
    inlines = [RoleGrantInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("full_name", "latin_name", "email", "phone", "preferred_language", "organization")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_en", "code"]
