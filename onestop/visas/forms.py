"""Forms of the visa pages. They parse and label input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onestop.core.errors import DomainError
from onestop.passports.models import PassportType

from .models import RequirementKind, Visa
from .workflow import VisaState


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: on the fields it names, else at the top."""
    form.errors  # noqa: B018  (runs validation once so the error dict exists)
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    placed = False
    for name, messages in exc.fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def _country_choices(empty: Any) -> list[tuple[str, str]]:
    from onestop.trips.countries import country_choices

    return [("", empty), *country_choices()]


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    q = forms.CharField(label=_("Number or traveller"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Any state")), *VisaState.choices]
        self.fields["country"].choices = _country_choices(_("Any country"))


class RequirementFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    passport_type = forms.ChoiceField(label=_("Passport type"), required=False)
    kind = forms.ChoiceField(label=_("Requirement"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices(_("Any country"))
        self.fields["passport_type"].choices = [("", _("Any passport type")), *PassportType.choices]
        self.fields["kind"].choices = [("", _("Any requirement")), *RequirementKind.choices]


class BatchForm(forms.Form):
    """Submit a batch for one country: the mission, the applications (only ready ones are
    offered), the covering note and the day of submission."""

    mission = forms.ModelChoiceField(label=_("Embassy, consulate or e-visa portal"), queryset=None)
    applications = forms.MultipleChoiceField(
        label=_("Applications"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one application.")},
    )
    covering_note = forms.CharField(
        label=_("Covering note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Printed on the signed covering letter, above the list of applications."),
    )
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())

    def __init__(self, *args: Any, missions: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions
        self.fields["mission"].empty_label = _("Choose the mission")
        self.fields["applications"].choices = [(str(pk), label) for pk, label in choices]
        self.fields["submitted_on"].initial = timezone.localdate()


class IssueForm(forms.Form):
    number = forms.CharField(
        label=_("Visa number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    category = forms.CharField(label=_("Visa category"), max_length=40, required=False)
    entries = forms.ChoiceField(label=_("Entries"), choices=Visa.Entries.choices, initial=Visa.Entries.SINGLE)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    max_stay_days = forms.IntegerField(label=_("Maximum stay in days"), required=False, min_value=1, max_value=3650)
    issued_on = forms.DateField(label=pgettext_lazy("visa", "Issued on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, prefix_pk: int | None = None, **kwargs: Any) -> None:
        if prefix_pk is not None:
            kwargs.setdefault("prefix", f"issue-{prefix_pk}")
        super().__init__(*args, **kwargs)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given by the mission"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    refused_on = forms.DateField(label=_("Refused on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, prefix_pk: int | None = None, **kwargs: Any) -> None:
        if prefix_pk is not None:
            kwargs.setdefault("prefix", f"refuse-{prefix_pk}")
        super().__init__(*args, **kwargs)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args: Any, prefix_pk: int | None = None, **kwargs: Any) -> None:
        if prefix_pk is not None:
            kwargs.setdefault("prefix", f"withdraw-{prefix_pk}")
        super().__init__(*args, **kwargs)
