"""Forms of the trip pages. They parse and label input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onestop.accounts.models import order_by_display_name
from onestop.core.errors import DomainError

from .countries import country_choices
from .models import FundingSource, TripMember
from .workflow import TripState


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _country_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=())


class BasicsForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose of the visit"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the delegation will do, in one or two sentences."),
    )
    inviter_name = forms.CharField(label=_("Inviting party"), max_length=200)
    inviter_country = _country_field(_("Inviting party's country"))
    departs_on = forms.DateField(label=_("Departure from China"), widget=DateInput())
    returns_on = forms.DateField(label=_("Return to China"), widget=DateInput())
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    itinerary = forms.CharField(
        label=_("Itinerary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Day by day: meetings, visits and travel."),
    )
    is_teaching_research = forms.BooleanField(
        label=_("Claim the exemption for teaching and research staff"),
        required=False,
        help_text=_("Only when every member is teaching or research staff. Day limits then become soft."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inviter_country"].choices = [("", _("Choose a country")), *country_choices()]


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, empty_label=_("Choose a person"))
    role = forms.ChoiceField(
        label=_("Role in the delegation"),
        choices=TripMember.Role.choices,
        initial=TripMember.Role.MEMBER,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, persons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class DestinationForm(forms.Form):
    country = _country_field(_("Country"))
    city = forms.CharField(label=_("City"), max_length=100)
    arrive_on = forms.DateField(label=_("Arrival"), widget=DateInput())
    depart_on = forms.DateField(label=_("Departure"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *country_choices()]


class MaterialForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    type_code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."))


class SubmitForm(forms.Form):
    soft_reason = forms.CharField(
        label=_("Reason for exceeding a soft limit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed only when the review lists a soft limit."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Reason or comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the service?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DashboardFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *TripState.choices]


class QueueFilterForm(forms.Form):
    ASSIGNED = [("", _("Anyone or nobody")), ("me", _("Assigned to me")), ("none", _("Not assigned"))]

    state = forms.ChoiceField(label=_("State"), required=False)
    assigned = forms.ChoiceField(label=_("Assigned"), required=False, choices=ASSIGNED)
    organization = OrganizationChoiceField(label=_("Organization"), required=False, queryset=None)
    overdue = forms.BooleanField(label=_("Past the deadline only"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = order_by_display_name(organizations)
        self.fields["organization"].empty_label = _("All organizations")
        self.fields["state"].choices = [
            ("", _("Waiting for the FAO")),
            (TripState.SUBMITTED, TripState.SUBMITTED.label),
            (TripState.RESUBMITTED, TripState.RESUBMITTED.label),
            (TripState.IN_REVIEW, TripState.IN_REVIEW.label),
            (TripState.CORRECTION_REQUESTED, TripState.CORRECTION_REQUESTED.label),
        ]


class BookingForm(forms.Form):
    """The liaison officer picks one of the recommended times (``choices`` are filled in)."""

    slot = forms.ChoiceField(label=_("Time for the collection"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = choices
        if choices and not self.is_bound:
            self.initial["slot"] = choices[0][0]


class CollectionForm(forms.Form):
    signer_name = forms.CharField(
        label=_("Collected by"), max_length=100, help_text=_("Full name of the liaison officer who collects.")
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500_000)
    confirmed = forms.BooleanField(
        label=_("I received the passports and visas listed above."),
        required=False,
        help_text=_("Without a drawn signature, typing the name and ticking this box signs for the receipt."),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)


class ReturnForm(forms.Form):
    departed_on = forms.DateField(label=_("Actual departure from China"), widget=DateInput())
    returned_on = forms.DateField(label=_("Actual return to China"), widget=DateInput())
    hand_back_passports = forms.BooleanField(
        label=_("The passports of the trip are handed back now"), required=False, initial=True
    )


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the trip"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the delegation did and achieved, and any change to the approved programme."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Approved destinations actually visited"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_countries = forms.MultipleChoiceField(
        label=_("Other countries visited"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Only if the delegation went to a country that was not approved."),
    )
    file = forms.FileField(label=_("Trip report"), required=False, help_text=_("PDF, JPEG or PNG, at most 10 MB."))

    def __init__(self, *args: Any, approved: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        approved_set = set(approved)
        every = country_choices()
        self.fields["countries"].choices = [c for c in every if c[0] in approved_set]
        self.fields["other_countries"].choices = [c for c in every if c[0] not in approved_set]
        if not self.is_bound and "countries" not in self.initial:
            self.initial["countries"] = list(approved)

    def visited(self) -> list[str]:
        return [*self.cleaned_data.get("countries", []), *self.cleaned_data.get("other_countries", [])]


class InspectionFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of departure"), required=False, coerce=int, empty_value=None)
    organization = OrganizationChoiceField(label=_("Organization"), required=False, queryset=None)
    rule = forms.ChoiceField(label=_("Rule"), required=False)

    def __init__(self, *args: Any, years: list[int], organizations: Any, rules: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]
        self.fields["organization"].queryset = order_by_display_name(organizations)
        self.fields["organization"].empty_label = _("All organizations")
        self.fields["rule"].choices = [("", _("All rules")), *[(r.code, r.title) for r in rules]]


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: field messages on their fields, the rest (and
    the overall message when no field is named) at the top of the error summary. Works on an
    unbound form too (an action such as "remove" that has no fields of its own)."""
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
