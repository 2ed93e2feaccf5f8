"""Forms of the training pages. They only shape input; the services validate the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role

from .models import Session, SurveyQuestion

LANGS = settings.LANGUAGES
PRIMARY = ("zh-hans", "en")


def _lang_field_name(prefix: str, code: str) -> str:
    return f"{prefix}_{code.replace('-', '_')}"


class PerLanguageMixin:
    """Adds one field per language for each name in ``per_language`` ({prefix: (label, widget, max)})
    and collects them back into ``{code: text}`` dicts."""

    per_language: dict[str, tuple] = {}

    def add_language_fields(self, initial: dict[str, dict] | None = None) -> None:
        initial = initial or {}
        for prefix, (label, textarea, max_length) in self.per_language.items():
            values = initial.get(prefix) or {}
            for code, language in LANGS:
                name = _lang_field_name(prefix, code)
                widget = (
                    forms.Textarea(attrs={"rows": 3, "lang": code})
                    if textarea
                    else forms.TextInput(attrs={"lang": code})
                )
                self.fields[name] = forms.CharField(
                    label=_("%(field)s (%(language)s)") % {"field": label, "language": language},
                    required=False,
                    max_length=max_length,
                    widget=widget,
                    initial=values.get(code, ""),
                )

    def language_values(self, prefix: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(_lang_field_name(prefix, code), "") for code, _language in LANGS}

    def language_groups(self):
        """For templates: [(prefix, label, primary fields, other fields)]."""
        groups = []
        for prefix, (label, _textarea, _max) in self.per_language.items():
            fields = [self[_lang_field_name(prefix, code)] for code, _language in LANGS]
            primary = [f for f, (code, _l) in zip(fields, LANGS, strict=True) if code in PRIMARY]
            others = [f for f, (code, _l) in zip(fields, LANGS, strict=True) if code not in PRIMARY]
            groups.append((prefix, label, primary, others))
        return groups


class ProgramForm(PerLanguageMixin, forms.Form):
    per_language = {
        "names": (_("Name"), False, 200),
        "descriptions": (_("Description"), True, 4000),
    }
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100000)
    self_registration = forms.BooleanField(
        label=_("Participants may register themselves"), required=False, initial=True
    )
    nomination = forms.BooleanField(label=_("Liaison officers may nominate"), required=False, initial=True)
    requires_approval = forms.BooleanField(label=_("Enrolments need the organizer's approval"), required=False)
    waitlist_enabled = forms.BooleanField(label=_("Keep a waitlist when full"), required=False, initial=True)
    offer_hours = forms.IntegerField(
        label=_("Hours to accept a seat offered from the waitlist"), min_value=1, max_value=168, initial=24
    )
    quota_only = forms.BooleanField(label=_("Only organizations with a quota may enrol"), required=False)
    certificate_min_attendance = forms.IntegerField(
        label=_("Attendance needed for a certificate (percent of sessions)"), min_value=0, max_value=100, initial=80
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        required=False,
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_language_fields(
            {"names": program.names, "descriptions": program.descriptions} if program is not None else None
        )
        self.fields["facilitators"].queryset = (
            get_user_model().objects.filter(role_grants__role=Role.FACILITATOR, is_active=True).order_by("full_name")
        )
        if program is not None:
            for field in (
                "capacity",
                "self_registration",
                "nomination",
                "requires_approval",
                "waitlist_enabled",
                "offer_hours",
                "quota_only",
                "certificate_min_attendance",
            ):
                self.fields[field].initial = getattr(program, field)
            self.fields["facilitators"].initial = list(program.facilitators.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        if not any(self.language_values("names").values()):
            self.add_error(_lang_field_name("names", "zh-hans"), _("Give a name in at least one language."))
        return data

    def settings_values(self) -> dict:
        data = self.cleaned_data
        return {
            "names": self.language_values("names"),
            "descriptions": self.language_values("descriptions"),
            "capacity": data["capacity"],
            "self_registration": data["self_registration"],
            "nomination": data["nomination"],
            "requires_approval": data["requires_approval"],
            "waitlist_enabled": data["waitlist_enabled"],
            "offer_hours": data["offer_hours"],
            "quota_only": data["quota_only"],
            "certificate_min_attendance": data["certificate_min_attendance"],
        }


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(PerLanguageMixin, forms.Form):
    per_language = {
        "titles": (_("Title"), False, 200),
        "summaries": (_("Summary"), True, 2000),
        "venues": (_("Venue"), False, 200),
    }
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M"])
    instructors = forms.CharField(label=_("Instructors"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    presence_capacity = forms.IntegerField(
        label=_("People present at once (online class)"),
        min_value=1,
        required=False,
        help_text=_("Empty: the program's number of seats."),
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_language_fields(
            {"titles": session.titles, "summaries": session.summaries, "venues": session.venues} if session else None
        )
        if session is not None:
            self.fields["kind"].initial = session.kind
            self.fields["starts_at"].initial = timezone.localtime(session.starts_at)
            self.fields["ends_at"].initial = timezone.localtime(session.ends_at)
            self.fields["instructors"].initial = session.instructors
            self.fields["online_url"].initial = session.online_url
            self.fields["presence_capacity"].initial = session.presence_capacity

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "titles": self.language_values("titles"),
            "summaries": self.language_values("summaries"),
            "venues": self.language_values("venues"),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "instructors": data["instructors"],
            "online_url": data["online_url"],
            "presence_capacity": data["presence_capacity"],
        }


class MaterialForm(PerLanguageMixin, forms.Form):
    per_language = {"titles": (_("Title"), False, 200)}
    file = forms.FileField(label=_("File"), required=False, help_text=_("PDF, PNG, JPEG, DOCX, PPTX or XLSX."))
    url = forms.URLField(label=_("Or a link"), required=False, assume_scheme="https")
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none(), required=False, empty_label=_("The whole program")
    )

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_language_fields()
        if program is not None:
            self.fields["session"].queryset = program.sessions.all()


class QuotaForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    seats = forms.IntegerField(label=_("Seats"), min_value=1)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Participant's code"),
        max_length=20,
        help_text=_("Scan the participant's QR code or type the ten characters under it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audio = forms.FileField(
        label=_("Or a voice recording"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "audio/*"})
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    audio = forms.FileField(
        label=_("Or a voice answer"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "audio/*"})
    )


class NominateForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = people


class SurveyForm(forms.Form):
    """Answering a survey: one field per question, named ``q<question id>``."""

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        for question in survey.questions.all():
            name = f"q{question.pk}"
            if question.kind == SurveyQuestion.Kind.RATING:
                field = forms.TypedChoiceField(
                    choices=[(str(i), str(i)) for i in range(1, 6)],
                    widget=forms.RadioSelect,
                    coerce=int,
                )
            elif question.kind == SurveyQuestion.Kind.CHOICE:
                field = forms.TypedChoiceField(
                    choices=list(enumerate(question.option_labels())), widget=forms.RadioSelect, coerce=int
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
            field.label = question.prompt
            field.required = False  # the service reports missing required answers per question
            self.fields[name] = field


def _option_line(option: dict) -> str:
    zh, en = option.get("zh-hans", ""), option.get("en", "")
    if zh and en and zh != en:
        return f"{zh} | {en}"
    return zh or en or next(iter(option.values()), "")


def _option_names(line: str) -> dict[str, str]:
    if "|" in line:
        zh, en = (part.strip() for part in line.split("|", 1))
        return {k: v for k, v in (("zh-hans", zh), ("en", en)) if v}
    return {"zh-hans": line, "en": line}


class SurveyBuilderForm(forms.Form):
    """Up to eight questions, each: kind, text (Chinese and English), options one per line."""

    ROWS = 8

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = list(survey.questions.all()) if survey is not None else []
        kinds = [("", _("(unused)")), *SurveyQuestion.Kind.choices]
        for i in range(self.ROWS):
            q = existing[i] if i < len(existing) else None
            n = i + 1
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("Question %(n)d: kind") % {"n": n}, choices=kinds, required=False, initial=q.kind if q else ""
            )
            self.fields[f"prompt_zh_{i}"] = forms.CharField(
                label=_("Question %(n)d in Chinese") % {"n": n},
                required=False,
                max_length=300,
                initial=q.prompts.get("zh-hans", "") if q else "",
            )
            self.fields[f"prompt_en_{i}"] = forms.CharField(
                label=_("Question %(n)d in English") % {"n": n},
                required=False,
                max_length=300,
                initial=q.prompts.get("en", "") if q else "",
            )
            self.fields[f"options_{i}"] = forms.CharField(
                label=_("Question %(n)d: options, one per line (for a choice)") % {"n": n},
                required=False,
                help_text=_("Write “Chinese | English” on a line to give an option in both languages."),
                widget=forms.Textarea(attrs={"rows": 3}),
                initial="\n".join(_option_line(o) for o in (q.choices if q else [])),
            )

    def rows(self):
        return [
            (i + 1, self[f"kind_{i}"], self[f"prompt_zh_{i}"], self[f"prompt_en_{i}"], self[f"options_{i}"])
            for i in range(self.ROWS)
        ]

    def questions(self) -> list[dict]:
        out = []
        for i in range(self.ROWS):
            kind = self.cleaned_data.get(f"kind_{i}")
            if not kind:
                continue
            options = [
                line.strip() for line in (self.cleaned_data.get(f"options_{i}") or "").splitlines() if line.strip()
            ]
            out.append(
                {
                    "kind": kind,
                    "prompts": {
                        "zh-hans": self.cleaned_data.get(f"prompt_zh_{i}", ""),
                        "en": self.cleaned_data.get(f"prompt_en_{i}", ""),
                    },
                    "choices": [_option_names(o) for o in options],
                    "required": kind != SurveyQuestion.Kind.TEXT,
                }
            )
        return out
