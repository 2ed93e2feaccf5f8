from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .kinds import all_kinds
from .models import IssuedDocument

ERR_FILE_TOO_LARGE = _("The file is larger than %(limit)s MB.")
ERR_FILE_NOT_PDF = _("The file must be a PDF.")


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The 16 characters printed next to the QR code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(
        label=_("PDF file"),
        help_text=_("The file is checked and not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                ERR_FILE_TOO_LARGE, params={"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}, code="too_large"
            )
        head = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" not in head:
            raise forms.ValidationError(ERR_FILE_NOT_PDF, code="not_pdf")
        return upload


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public verify page."),
    )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Code, case number or title"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *[(k.code, k.label) for k in all_kinds() if k.code in kinds],
        ]
        self.fields["status"].choices = [("", _("All statuses")), *IssuedDocument.Status.choices]
