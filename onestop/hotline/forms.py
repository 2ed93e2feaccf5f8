from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onestop.accounts.models import Organization

from .models import Category, District, HotlineRequest, RequestType


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _category_choices(empty_label) -> list[tuple[str, str]]:
    return [("", empty_label)] + [(c.code, c.label) for c in Category.objects.filter(is_active=True)]


def _district_choices(empty_label) -> list[tuple[str, str]]:
    return [("", empty_label)] + [(d.code, d.label) for d in District.objects.all()]


class PublicRequestForm(forms.Form):
    request_type = forms.ChoiceField(
        label=_("What kind of request is it?"), choices=RequestType.choices, initial=RequestType.INQUIRY
    )
    description = forms.CharField(
        label=_("Your question or problem"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": "suggestions-title", "dir": "auto"}),
        help_text=_("Write in any language. Say what happened, where and since when."),
    )
    category = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        help_text=_("If you are not sure, leave this empty: we will find the right department."),
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    attachments = MultipleFileField(label=_("Photos or documents (PDF, JPEG, PNG; up to 3)"), required=False)
    anonymous = forms.BooleanField(label=_("Send without my name"), required=False)
    contact_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact_phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices(_("I am not sure"))
        self.fields["district"].choices = _district_choices(_("Choose a district"))


class AgentIntakeForm(forms.Form):
    contact_phone = forms.CharField(
        label=_("Caller's phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autofocus": True, "accesskey": "p"}),
    )
    contact_name = forms.CharField(label=_("Caller's name"), max_length=200, required=False)
    request_type = forms.ChoiceField(
        label=_("Type"), choices=RequestType.choices, initial=RequestType.INQUIRY, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What the caller says"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "accesskey": "d", "dir": "auto"}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    answer = forms.CharField(
        label=_("Answered on the call"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("If you answered the question yourself, write the answer here: the request is closed at once."),
    )
    article = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices(_("Let the router decide"))
        self.fields["district"].choices = _district_choices(_("Unknown"))


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with the answer?"),
        choices=HotlineRequest.Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    resolved = forms.TypedChoiceField(
        label=_("Is your problem resolved?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )


class ReturnVisitForm(RatingForm):
    reached = forms.TypedChoiceField(
        label=_("Did you reach the citizen?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )

    field_order = ["reached", "satisfaction", "resolved", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["satisfaction"].required = False
        self.fields["resolved"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reached") and not cleaned.get("satisfaction"):
            self.add_error("satisfaction", _("Record the citizen's answer."))
        return cleaned


class ActionForm(forms.Form):
    """Fields used by the actions on a request; each action reads the ones it needs."""

    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    department = forms.ModelChoiceField(label=_("Department"), required=False, queryset=Organization.objects.none())
    article = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices(_("Keep the category"))
        self.fields["department"].queryset = Organization.objects.filter(is_active=True).order_by("name")
        self.fields["department"].empty_label = _("As the catalogue says")


class DashboardFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
