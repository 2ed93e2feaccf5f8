from django import forms
from django.utils.translation import gettext_lazy as _

from .services import YEAR_MAX, YEAR_MIN

MAX_FILE_BYTES = 512 * 1024


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    file = forms.FileField(
        label=_("Schedule file"),
        help_text=_("CSV or JSON with the columns date (YYYY-MM-DD), kind (holiday or workday) and name."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file may be at most 512 KB."))
        if not upload.name.lower().endswith((".csv", ".json")):
            raise forms.ValidationError(_("Give a .csv or .json file."))
        return upload
