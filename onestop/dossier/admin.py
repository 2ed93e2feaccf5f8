"""Admin for the material catalogue and a read-mostly view of persons. Identity numbers are
shown masked only: revealing one goes through the audited reveal page. A person saved here
goes through the dossier's services, like the person page and the API: the same checks and
audit apply, and a move to another organization or out of public service is announced to the
apps that react to it (ADR 0125)."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from onestop.core.errors import DomainError

from . import services
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

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data if name in services.EDITABLE_FIELDS}
            # The service compares with the stored person: ``obj`` already carries the form's values.
            person = services.person_update(person=Person.objects.get(pk=obj.pk), by=request.user, **changes)
            if "user" in form.changed_data:
                services.person_link_user(person=person, by=request.user, user=data.get("user"))
        else:
            fields = {name: data[name] for name in services.EDITABLE_FIELDS if name in data}
            person = services.person_create(by=request.user, **fields)
            if data.get("user") is not None:
                services.person_link_user(person=person, by=request.user, user=data["user"])
        for name in (*services.EDITABLE_FIELDS, "user"):
            setattr(obj, name, getattr(person, name))
        obj.pk = person.pk
        obj._state.adding = False
        obj._state.db = person._state.db

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A rule the service enforces (who may move a person where, a valid nationality...)
        comes back as an error message; the admin's transaction has rolled the save back."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            texts = [str(exc.message)]
            texts += [str(m) for msgs in exc.fields.values() for m in msgs if str(m) not in texts]
            self.message_user(request, " ".join(texts), level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["person", "type", "version", "verification", "scan_status", "valid_until", "uploaded_at"]
    list_filter = ["type", "verification", "scan_status"]
    list_select_related = ["person", "type"]
    readonly_fields = [f.name for f in Material._meta.fields]
    search_fields = ["sha256"]

    def has_add_permission(self, request) -> bool:
        return False  # uploads go through the checked and scanned service
