"""Admin for the calendar. Every edit goes through the services, so it is validated,
audited and refreshes the working-day tables of every process (``calendar_changed``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "imported_at"]
    search_fields = ["year", "source"]
    readonly_fields = ["imported_at"]

    def save_model(self, request, obj, form, change):
        services.calendar_year_save(record=obj, by=request.user)

    def delete_model(self, request, obj):
        services.calendar_year_delete(record=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for record in queryset:
            services.calendar_year_delete(record=record, by=request.user)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name", "date"]
    date_hierarchy = "date"

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        from django.utils.formats import date_format

        return date_format(obj.date, "l")

    def save_model(self, request, obj, form, change):
        services.calendar_day_save(day=obj, by=request.user)

    def delete_model(self, request, obj):
        services.calendar_day_delete(day=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            services.calendar_day_delete(day=day, by=request.user)
