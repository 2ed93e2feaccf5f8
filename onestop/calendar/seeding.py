"""Reading official holidays and make-up working days out of the ``chinesecalendar`` package.

The package ships data for 2004 up to the year it was last released for and raises
``NotImplementedError`` for any later year; administrators import those years themselves
(``manage.py calendar_import``). These helpers never raise for a missing year: they answer
"no data". They are used by the seeding service and by the data migration, so they return
plain values and touch no model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DayEntry:
    date: date
    kind: str  # "holiday" | "workday"
    name: str
    names: dict[str, str] = field(default_factory=dict)


def package_version() -> str:
    try:
        import chinese_calendar
    except ImportError:
        return ""
    return str(getattr(chinese_calendar, "__version__", ""))


def package_years() -> range:
    """The years the installed package has data for (empty when it is not installed)."""
    try:
        from chinese_calendar import holidays
    except ImportError:
        return range(0)
    years = {d.year for d in holidays}
    return range(min(years), max(years) + 1) if years else range(0)


def _names(value) -> tuple[str, dict[str, str]]:
    english = str(getattr(value, "value", value) or "")
    chinese = ""
    try:
        from chinese_calendar import Holiday

        chinese = Holiday(english).chinese
    except (ImportError, ValueError):
        pass
    names = {"en": english} if english else {}
    if chinese:
        names["zh-hans"] = chinese
    return english, names


def package_days(year: int) -> list[DayEntry] | None:
    """The year's holidays and make-up working days, or None when the package has no data."""
    if year not in package_years():
        return None
    from chinese_calendar import holidays, workdays

    entries = []
    for source, kind in ((holidays, "holiday"), (workdays, "workday")):
        for day, value in source.items():
            if day.year == year:
                name, names = _names(value)
                entries.append(DayEntry(date=day, kind=kind, name=name, names=names))
    return sorted(entries, key=lambda e: e.date)
