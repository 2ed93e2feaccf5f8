"""Admin: look-up of programs and their parts. Changes that matter (enrolment, seats, states)
go through the pages and services, which audit them; here the counters are read-only."""

from django.contrib import admin

from .models import Certificate, Enrolment, Material, Program, Quota, Session, Survey, SurveyQuestion


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("kind", "titles", "starts_at", "ends_at", "presence_capacity", "present_count")
    readonly_fields = ("present_count",)


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    fields = ("organization", "seats", "seats_taken")
    readonly_fields = ("seats_taken",)
    autocomplete_fields = ("organization",)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "case", "capacity", "seats_taken", "organization")
    search_fields = ("code", "names")
    readonly_fields = ("case", "seats_taken", "organizer")
    list_select_related = ("case", "organization")
    inlines = [SessionInline, QuotaInline]

    def has_add_permission(self, request):  # a program starts with its case: create it on the training pages
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("program", "participant", "organization", "status", "source", "created_at")
    list_filter = ("status", "source")
    search_fields = ("participant__full_name", "program__code")
    readonly_fields = [f.name for f in Enrolment._meta.fields]
    list_select_related = ("program", "participant", "organization")

    def has_add_permission(self, request):
        return False


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("session", "is_open", "created_at")
    inlines = [SurveyQuestionInline]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ("program", "session", "original_name", "url", "content_type", "size")
    readonly_fields = ("file", "original_name", "content_type", "size", "sha256", "uploaded_by")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "status", "document_code", "issued_at", "error")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Certificate._meta.fields]
