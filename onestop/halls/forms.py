from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Counter, Hall, PriorityGroup, Service

ERR_LAT_LON = _("Give both latitude and longitude, or neither.")


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.display_name


class HallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Hall) -> str:
        return f"{obj.display_name} ({obj.display_district})"


class BookingSearchForm(forms.Form):
    service = ServiceChoiceField(
        label=_("Service"),
        queryset=Service.objects.filter(is_active=True, bookable=True),
        to_field_name="code",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    district = forms.ChoiceField(
        label=_("Near (district)"), required=False, help_text=_("Or let your browser share your location.")
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        districts = {}
        for hall in Hall.objects.filter(is_active=True).order_by("area", "district"):
            districts.setdefault(hall.district, hall.display_district)
        self.fields["district"].choices = [("", _("Anywhere")), *districts.items()]

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(ERR_LAT_LON)
        return data

    def near(self) -> tuple[float, float] | None:
        data = self.cleaned_data
        if data.get("lat") is not None and data.get("lon") is not None:
            return (data["lat"], data["lon"])
        if data.get("district"):
            hall = Hall.objects.filter(district=data["district"], is_active=True).first()
            if hall is not None:
                return (hall.latitude, hall.longitude)
        return None


class SlotPickForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    service = forms.SlugField(widget=forms.HiddenInput)


class KioskCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Booking code"),
        max_length=20,
        help_text=_("The 8 characters on your confirmation, or scan its QR code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}),
    )
    priority = forms.ModelChoiceField(
        label=_("Priority"),
        required=False,
        queryset=PriorityGroup.objects.filter(is_active=True),
        empty_label=_("No priority needed"),
    )


class KioskIssueForm(forms.Form):
    node = forms.SlugField(widget=forms.HiddenInput)
    priority = forms.ModelChoiceField(
        label=_("Priority"),
        required=False,
        queryset=PriorityGroup.objects.filter(is_active=True),
        empty_label=_("No priority needed"),
    )


class TransferForm(forms.Form):
    service = ServiceChoiceField(label=_("To service"), required=False, queryset=Service.objects.none())
    counter = forms.ModelChoiceField(label=_("To counter"), required=False, queryset=Counter.objects.none())

    def __init__(self, *args, hall: Hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            hall_services__hall=hall, hall_services__is_active=True
        )
        self.fields["counter"].queryset = Counter.objects.filter(hall=hall, is_active=True)


class AddServiceForm(forms.Form):
    service = ServiceChoiceField(label=_("Add a service to this visit"), queryset=Service.objects.none())

    def __init__(self, *args, hall: Hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            hall_services__hall=hall, hall_services__is_active=True
        )


class PlanDateForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))


class ServiceDayForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none())
    closed = forms.BooleanField(label=_("Closed for the day"), required=False)
    capacity_percent = forms.IntegerField(label=_("Bookable capacity (%)"), min_value=0, max_value=300, initial=100)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
    confirm_cancellations = forms.BooleanField(
        label=_("Cancel the bookings on that day and tell the visitors"), required=False
    )

    def __init__(self, *args, hall: Hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(hall_services__hall=hall)


class StaffingForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    counter = forms.ModelChoiceField(label=_("Counter"), queryset=Counter.objects.none())
    opens = forms.TimeField(label=pgettext_lazy("time of day", "From"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, hall: Hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counter"].queryset = Counter.objects.filter(hall=hall, is_active=True)


class ClosureForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
    confirm_cancellations = forms.BooleanField(
        label=_("Cancel the bookings on that day and tell the visitors"), required=False
    )
