"""Working-day calendar: official holidays and make-up working days (调休), per year.

A date not listed falls back to the weekday rule (Monday-Friday work). Administrators add
each new year when the State Council publishes it; ``CalendarYear`` records which years
have official data so a missing year can be warned about.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

ERR_WORKDAY_ON_WEEKDAY = _("A make-up working day must fall on a Saturday or Sunday.")

# Holiday names as the chinesecalendar package spells them, so seeded days show in every language.
KNOWN_HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("Victory Day (70th anniversary)"),
}


class CalendarYear(models.Model):
    """The presence of a row means the year's official schedule has been loaded."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (no work)")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    # Name per language code ({"zh-hans": "春节", "en": "Spring Festival"}); ``name`` is the fallback.
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.name}"

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.WORKDAY

    @property
    def display_name(self) -> str:
        """The name in the active language, else the known translation, else ``name``."""
        lang = translation.get_language() or ""
        if isinstance(self.names, dict):
            for code in (lang, lang.split("-")[0]):
                if code and self.names.get(code):
                    return str(self.names[code])
        known = KNOWN_HOLIDAY_NAMES.get(self.name)
        return str(known) if known is not None else self.name

    def clean(self) -> None:
        if self.kind == self.Kind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"kind": [ERR_WORKDAY_ON_WEEKDAY]})
        if not isinstance(self.names, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in self.names.items()
        ):
            raise ValidationError({"names": [_("Give the names as an object of language code to text.")]})
