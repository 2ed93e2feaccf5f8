"""Page forms. They collect input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onestop.accounts.models import Organization
from onestop.core.errors import DomainError

from .models import IdentityDocument, MaterialType, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_domain_error(form: forms.Form, exc: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's error on the form: on the fields it names, else above the form."""
    aliases = aliases or {}
    placed = False
    for name, messages in exc.fields.items():
        target = aliases.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    latin_name = forms.CharField(
        label=_("Name in Latin letters"), max_length=200, required=False, help_text=_("As written in the passport.")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, initial=Person.Sex.UNSPECIFIED)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    nationality = forms.CharField(
        label=_("Nationality"), max_length=3, initial="CHN", help_text=_("Three-letter country code, for example CHN.")
    )
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none(), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    is_teaching_research = forms.BooleanField(label=_("Teaching or research staff"), required=False)
    in_public_service = forms.BooleanField(label=_("In public service"), required=False, initial=True)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, organizations=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.all()
        )


class IdentityForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("identity document", "Document"), choices=IdentityDocument.Kind.choices
    )
    number = forms.CharField(
        label=_("Document number"),
        max_length=40,
        required=False,
        help_text=_("For a passport you may instead enter the two lines of its machine-readable zone below."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    mrz_line1 = forms.CharField(
        label=_("Machine-readable zone, line 1"),
        max_length=60,
        required=False,
        help_text=_("The first of the two lines at the bottom of the passport's data page (44 characters)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "mono"}),
    )
    mrz_line2 = forms.CharField(
        label=_("Machine-readable zone, line 2"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "mono"}),
    )
    issuing_country = forms.CharField(
        label=_("Issuing country"), max_length=3, required=False, help_text=_("Three-letter code; CHN if empty.")
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DATE)

    def mrz(self) -> list[str] | None:
        lines = [self.cleaned_data.get("mrz_line1", ""), self.cleaned_data.get("mrz_line2", "")]
        return lines if any(line.strip() for line in lines) else None


class MaterialUploadForm(forms.Form):
    type_code = forms.ChoiceField(label=_("Kind of material"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG. Photos are stored without their hidden metadata (EXIF)."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)

    def __init__(self, *args: Any, types=None, language: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        types = list(types if types is not None else MaterialType.objects.filter(per_case=False))
        self.fields["type_code"].choices = [(t.code, t.localized_name(language)) for t in types]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=300, widget=forms.TextInput())
