from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .i18n import missing_languages
from .models import (
    BookingPolicy,
    Counter,
    Hall,
    HallClosure,
    HallService,
    OpeningHours,
    PriorityGroup,
    Service,
    ServiceDay,
    StaffingPlan,
    TriageNode,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class HallServiceInline(admin.TabularInline):
    model = HallService
    extra = 0


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0
    filter_horizontal = ("services",)
    exclude = ("clerk",)


class ClosureInline(admin.TabularInline):
    model = HallClosure
    extra = 0


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district", "area", "is_active", "languages_missing")
    list_filter = ("area", "is_active")
    search_fields = ("code", "name", "district")
    inlines = [OpeningHoursInline, HallServiceInline, CounterInline, ClosureInline]

    @admin.display(description=_("names missing for"))
    def languages_missing(self, obj: Hall) -> str:
        return ", ".join(missing_languages(obj.names)) or "–"


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "prefix", "handling_minutes", "bookable", "is_active", "order")
    list_editable = ("handling_minutes", "bookable", "is_active", "order")
    search_fields = ("code", "name")


@admin.register(PriorityGroup)
class PriorityGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "head_start_minutes", "is_active", "order")
    list_editable = ("head_start_minutes", "is_active", "order")


@admin.register(BookingPolicy)
class BookingPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "slot_minutes",
        "max_days_ahead",
        "per_person_active_limit",
        "cancel_cutoff_minutes",
        "no_show_limit",
        "no_show_window_days",
        "no_show_block_days",
    )


@admin.register(TriageNode)
class TriageNodeAdmin(admin.ModelAdmin):
    list_display = ("key", "parent", "service", "order")
    list_filter = ("parent",)
    filter_horizontal = ("extra_services",)


@admin.register(StaffingPlan)
class StaffingPlanAdmin(admin.ModelAdmin):
    list_display = ("hall", "date", "counter", "opens", "closes")
    list_filter = ("hall",)
    date_hierarchy = "date"


@admin.register(ServiceDay)
class ServiceDayAdmin(admin.ModelAdmin):
    list_display = ("hall_service", "date", "closed", "capacity_percent", "reason")
    date_hierarchy = "date"
