"""Forms of the passport pages. They parse and label input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import DomainError

from .models import ApplicationKind, Handover, LossReport, PassportStatus, PassportType


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


MRZ_WIDGET = forms.Textarea(
    attrs={"rows": 3, "spellcheck": "false", "autocapitalize": "characters", "autocomplete": "off", "class": "mono"}
)


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


class RegistryFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None, required=False)
    q = forms.CharField(label=_("Holder"), required=False, max_length=100)
    expiring = forms.IntegerField(label=_("Expiring within days"), required=False, min_value=0, max_value=3650)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *PassportStatus.choices]
        self.fields["type"].choices = [("", _("Any type")), *PassportType.choices]
        self.fields["organization"].queryset = organizations
        self.fields["organization"].empty_label = _("Any organization")


class RegisterForm(forms.Form):
    holder = forms.ModelChoiceField(label=_("Holder"), queryset=None, empty_label=_("Choose a person"))
    type = forms.ChoiceField(label=_("Type"), choices=PassportType.choices, required=False)
    mrz = forms.CharField(
        label=_("Machine-readable zone"),
        required=False,
        widget=MRZ_WIDGET,
        help_text=_("Scan or type the two lines at the bottom of the data page. Or leave empty and type the number."),
    )
    number = forms.CharField(label=_("Passport number"), required=False, max_length=20)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())
    storage_place = forms.CharField(label=_("Storage place"), required=False, max_length=100)

    def __init__(self, *args: Any, persons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = persons


class DeskForm(forms.Form):
    code = forms.CharField(
        label=_("Machine-readable zone or passport number"),
        widget=MRZ_WIDGET,
        max_length=200,
        help_text=_("Scan the data page, or type both lines of the machine-readable zone, or just the number."),
    )
    op = forms.ChoiceField(
        choices=(("check_out", _("Check out")), ("return", _("Return")), ("find", _("Find"))), widget=forms.HiddenInput
    )


class LostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Lost or stolen"), choices=LossReport.Kind.choices, widget=forms.RadioSelect)
    occurred_on = forms.DateField(label=_("Date of the loss"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    note = forms.CharField(
        label=_("What happened"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class HandoverForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Handover.Outcome.choices, widget=forms.RadioSelect)
    receiver = forms.CharField(
        label=_("Received by"),
        required=False,
        max_length=200,
        help_text=_("Only for a hand-over outside this registry: who took the passport."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class JobChangeForm(forms.Form):
    new_organization = forms.ModelChoiceField(label=_("New organization"), queryset=None, required=False)
    leaves_public_service = forms.BooleanField(label=_("Leaves public service"), required=False)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_organization"].queryset = organizations
        self.fields["new_organization"].empty_label = _("Choose an organization")


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    q = forms.CharField(label=_("Case number or person"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .workflow import ApplicationState

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Any state")), *ApplicationState.choices]


class ApplicationCreateForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, empty_label=_("Choose a person"))
    kind = forms.ChoiceField(label=_("Kind of application"), choices=ApplicationKind.choices, widget=forms.RadioSelect)
    passport_type = forms.ChoiceField(
        label=_("Passport type"), choices=PassportType.choices, initial=PassportType.ORDINARY
    )
    trip = forms.TypedChoiceField(label=_("For trip"), required=False, coerce=int, empty_value=None)
    place_of_birth = forms.CharField(label=_("Place of birth"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=32)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, persons: Any, trips: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["trip"].choices = [("", _("Not for a particular trip")), *trips]
        self.fields["trip"].help_text = _("Filed for a trip, it is processed while the trip is approved.")


class ApplicationEditForm(forms.Form):
    passport_type = forms.ChoiceField(label=_("Passport type"), choices=PassportType.choices)
    place_of_birth = forms.CharField(label=_("Place of birth"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=32)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MaterialForm(forms.Form):
    type_code = forms.ChoiceField(label=_("Material"), choices=())
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type_code"].choices = types


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class IssueForm(forms.Form):
    mrz = forms.CharField(label=_("Machine-readable zone"), required=False, widget=MRZ_WIDGET)
    number = forms.CharField(label=_("Passport number"), required=False, max_length=20)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())
    storage_place = forms.CharField(label=_("Storage place"), required=False, max_length=100)
