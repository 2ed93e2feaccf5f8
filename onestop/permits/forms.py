from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import DomainError

from .models import ReviewStatus, SalaryBand

ERR_EMPLOYEE = _("Choose an employee already in your dossier, or enter the new employee's passport MRZ.")
ERR_BOTH = _("Choose an existing employee or enter a new passport, not both.")

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's coded error on the form: on the field it names, else on top."""
    placed = False
    for name, messages in exc.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class ApplicationStartForm(forms.Form):
    """Step 1: who the application is for, and the job."""

    person = forms.ModelChoiceField(
        label=_("Employee already in your dossier"), queryset=None, required=False, empty_label=_("— a new employee —")
    )
    mrz = forms.CharField(
        label=_("New employee: the two lines of the passport's machine-readable zone"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "spellcheck": "false", "autocapitalize": "characters", "class": "mono", "dir": "ltr"}
        ),
        help_text=_("Two lines of 44 characters at the bottom of the passport's photo page, “<” included."),
    )
    full_name = forms.CharField(
        label=_("New employee: full name (optional)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name in the passport."),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200)

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = employees
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.nationality})"

    def clean(self):
        data = super().clean()
        person, mrz = data.get("person"), (data.get("mrz") or "").strip()
        if person and mrz:
            raise forms.ValidationError(ERR_BOTH)
        if not person and not mrz:
            self.add_error("mrz", ERR_EMPLOYEE)
        return data


class EmploymentForm(forms.Form):
    """Step 2: the employment contract."""

    job_title = forms.CharField(label=_("Job title"), max_length=200)
    contract_start = forms.DateField(label=_("Contract starts"), widget=DATE)
    contract_end = forms.DateField(label=_("Contract ends"), widget=DATE)
    salary_band = forms.ChoiceField(label=_("Monthly salary"), choices=[("", "—"), *SalaryBand.choices])
    work_address = forms.CharField(label=_("Work address"), max_length=300)

    def clean(self):
        data = super().clean()
        start, end = data.get("contract_start"), data.get("contract_end")
        if start and end and end <= start:
            self.add_error("contract_end", _("The contract must end after it starts."))
        return data


class MaterialUploadForm(forms.Form):
    type_code = forms.ChoiceField(label=_("Material"))
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_code"].choices = list(choices)


class CorrectionResponseForm(forms.Form):
    response = forms.CharField(
        label=_("What you corrected"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Upload corrected materials above first; this note goes to both officers."),
    )


class ReviewDecisionForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your verdict"),
        widget=forms.RadioSelect,
        choices=[
            (ReviewStatus.APPROVED, _("Approve")),
            (ReviewStatus.CORRECTION_REQUESTED, _("Ask the employer for corrections")),
            (ReviewStatus.REFUSED, _("Refuse")),
        ],
    )
    note = forms.CharField(
        label=_("Note to the employer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Required for corrections and refusals: say exactly what is wrong."),
    )


class BiometricsForm(forms.Form):
    option = forms.ChoiceField(label=_("Hall and time"), widget=forms.RadioSelect)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = list(options)
