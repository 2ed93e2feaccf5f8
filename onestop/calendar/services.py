"""Working-day arithmetic and the writes that maintain the calendar.

Every deadline counted in working days goes through the functions at the top of this
module. A year's holidays and make-up working days are loaded once per process into a
table and reused until the calendar changes: each write bumps a version token in the shared
cache (``calendar_changed``), so every process reloads on its next lookup. A year without
official data falls back to Monday-Friday and logs a warning; it never raises.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from onestop.cases.audit import audit_record
from onestop.core.errors import ValidationFailed

from .importing import FileUnreadable, RowProblem, detect_format, read_rows, validate_rows
from .models import CalendarDay, CalendarYear
from .seeding import DayEntry, package_days, package_version, package_years

logger = logging.getLogger(__name__)
_VERSION_KEY = "calendar:version"
# A day search never runs further than this; only absurd data (a year of holidays) gets there.
_SEARCH_LIMIT = 3 * 366

YEAR_MIN, YEAR_MAX = 2000, 2100
ERR_YEAR_RANGE = _("The year must be between %(min)d and %(max)d.")
ERR_IMPORT_REJECTED = ngettext_lazy(
    "The file was not imported: %(count)d problem found. Nothing was changed.",
    "The file was not imported: %(count)d problems found. Nothing was changed.",
    "count",
)
ERR_NO_WORKING_DAY = _("No working day was found within three years of %(date)s.")


# --- arithmetic (reads) -----------------------------------------------------------------


def _version() -> str:
    """The shared calendar version; a fresh token whenever the cache lost it, so a cleared
    cache can never make a process trust tables it loaded before."""
    token = cache.get(_VERSION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(_VERSION_KEY, token, None):
            token = cache.get(_VERSION_KEY) or token
    return token


def calendar_changed() -> None:
    """Call after editing calendar data: every process reloads its per-year tables."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, None)
    _year_table.cache_clear()


def _changed_now_and_on_commit() -> None:
    # Now, so this transaction reads its own writes; again after commit, so no other
    # process keeps a table it loaded while the transaction was still open.
    calendar_changed()
    transaction.on_commit(calendar_changed)


@dataclass(frozen=True)
class _YearTable:
    overrides: dict[date, bool]  # date -> is a working day
    has_data: bool


@lru_cache(maxsize=64)
def _year_table(year: int, version: str) -> _YearTable:
    overrides = {
        day: kind == CalendarDay.Kind.WORKDAY
        for day, kind in CalendarDay.objects.filter(date__year=year).values_list("date", "kind")
    }
    has_data = CalendarYear.objects.filter(year=year).exists()
    if not has_data:
        logger.warning("no working-day calendar for %s: counting Monday-Friday only", year)
    return _YearTable(overrides, has_data)


def _working(day: date, version: str) -> bool:
    overrides = _year_table(day.year, version).overrides
    if day in overrides:
        return overrides[day]
    return day.weekday() < 5  # the fallback rule for dates the calendar does not list


def year_has_data(year: int) -> bool:
    return _year_table(year, _version()).has_data


def is_working_day(day: date) -> bool:
    return _working(day, _version())


def next_working_day(day: date) -> date:
    """The first working day on or after ``day``."""
    version = _version()
    for _step in range(_SEARCH_LIMIT):
        if _working(day, version):
            return day
        day += timedelta(days=1)
    raise ValueError(str(ERR_NO_WORKING_DAY % {"date": day.isoformat()}))


def add_working_days(start: date, days: int) -> date:
    """The date of the ``days``-th working day after ``start`` (``start`` itself not counted).
    ``days == 0`` gives ``start``."""
    if days < 0:
        raise ValueError("days must not be negative")
    version = _version()
    current = start
    remaining = days
    idle = 0
    while remaining:
        current += timedelta(days=1)
        if _working(current, version):
            remaining -= 1
            idle = 0
        else:
            idle += 1
            if idle > _SEARCH_LIMIT:
                raise ValueError(str(ERR_NO_WORKING_DAY % {"date": current.isoformat()}))
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    version = _version()
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if _working(current, version):
            count += 1
    return count


def years_without_data(start: date, end: date) -> list[int]:
    """The years between ``start`` and ``end`` (inclusive) that fall back to weekdays."""
    version = _version()
    first, last = sorted((start.year, end.year))
    return [y for y in range(first, last + 1) if not _year_table(y, version).has_data]


# --- writes ---------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        message = ERR_YEAR_RANGE % {"min": YEAR_MIN, "max": YEAR_MAX}
        raise ValidationFailed("calendar.year_range", message, fields={"year": [message]})


def _summary(year: int) -> dict[str, int]:
    days = CalendarDay.objects.filter(date__year=year)
    return {
        "holidays": days.filter(kind=CalendarDay.Kind.HOLIDAY).count(),
        "workdays": days.filter(kind=CalendarDay.Kind.WORKDAY).count(),
    }


def calendar_import_year(
    *, year: int, entries: list[DayEntry], by: Any, source: str, action: str = "imported"
) -> CalendarYear:
    """Replace ``year``'s holidays and make-up working days with ``entries`` (already
    validated) and mark the year as having official data. One transaction; audited with the
    counts before and after."""
    _check_year(year)
    if any(e.date.year != year for e in entries):
        raise ValueError("every entry must fall in the imported year")
    with transaction.atomic():
        record, _created = CalendarYear.objects.get_or_create(year=year, defaults={"source": source[:200]})
        record = CalendarYear.objects.select_for_update().get(pk=record.pk)
        old = _summary(year) | {"source": record.source}
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=e.date, kind=e.kind, name=e.name, names=dict(e.names)) for e in entries]
        )
        record.source = source[:200]
        record.save()
        audit_record(
            actor=by,
            action=f"calendar.year.{action}",
            obj=record,
            old=old,
            new=_summary(year) | {"source": record.source},
        )
        _changed_now_and_on_commit()
    return record


class ImportRejected(ValidationFailed):
    """The file has problems; ``problems`` names each one by row and field."""

    def __init__(self, problems: list[RowProblem]):
        fields: dict[str, list[Any]] = {}
        for p in problems:
            fields.setdefault(f"rows.{p.row}.{p.field}", []).append(p.message)
        super().__init__("calendar.import_invalid", ERR_IMPORT_REJECTED % {"count": len(problems)}, fields=fields)
        self.problems = problems


@dataclass
class ImportResult:
    year: CalendarYear
    holidays: int
    workdays: int


def calendar_import_file(*, year: int, content: bytes, filename: str, by: Any, fmt: str = "") -> ImportResult:
    """Import one year from a CSV or JSON file. The whole file is checked first; when any row
    is wrong nothing changes and ``ImportRejected`` lists every problem by row number."""
    _check_year(year)
    try:
        fmt = detect_format(filename, fmt)
        rows = read_rows(content, fmt)
    except FileUnreadable as exc:
        raise ValidationFailed("calendar.import_unreadable", exc.message, fields={"file": [exc.message]})
    entries, problems = validate_rows(year=year, rows=rows)
    if problems:
        raise ImportRejected(problems)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    record = calendar_import_year(year=year, entries=entries, by=by, source=f"file {name}")
    holidays = sum(1 for e in entries if e.kind == CalendarDay.Kind.HOLIDAY)
    return ImportResult(record, holidays, len(entries) - holidays)


@dataclass
class SeedResult:
    seeded: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # already had data; kept as the admins left it
    unavailable: list[int] = field(default_factory=list)  # the package has no data for these years


def calendar_seed_from_package(*, by: Any = None, years: list[int] | None = None, replace: bool = False) -> SeedResult:
    """Load the years the ``chinesecalendar`` package covers. Years that already have data
    are kept unless ``replace``; years the package lacks (it raises for them) are reported
    as unavailable, not as an error."""
    result = SeedResult()
    wanted = list(years) if years is not None else list(package_years())
    existing = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    source = f"chinesecalendar {package_version()}".strip()
    for year in wanted:
        _check_year(year)
        if year in existing and not replace:
            result.skipped.append(year)
            continue
        entries = package_days(year)
        if entries is None:
            logger.warning("the chinesecalendar package has no data for %s; import it with calendar_import", year)
            result.unavailable.append(year)
            continue
        calendar_import_year(year=year, entries=entries, by=by, source=source, action="seeded")
        result.seeded.append(year)
    return result


def _day_state(day: CalendarDay) -> dict[str, Any]:
    return {"date": day.date.isoformat(), "kind": day.kind, "name": day.name}


def calendar_day_save(*, day: CalendarDay, by: Any) -> CalendarDay:
    """Create or change one day (admin edits). Validated, audited, caches refreshed."""
    day.full_clean()
    with transaction.atomic():
        old = None
        if day.pk:
            previous = CalendarDay.objects.filter(pk=day.pk).first()
            old = _day_state(previous) if previous else None
        day.save()
        audit_record(actor=by, action="calendar.day.saved", obj=day, old=old, new=_day_state(day))
        _changed_now_and_on_commit()
    return day


def calendar_day_delete(*, day: CalendarDay, by: Any) -> None:
    with transaction.atomic():
        audit_record(actor=by, action="calendar.day.deleted", obj=day, old=_day_state(day))
        day.delete()
        _changed_now_and_on_commit()


def calendar_year_save(*, record: CalendarYear, by: Any) -> CalendarYear:
    _check_year(record.year)
    with transaction.atomic():
        created = record.pk is None
        record.save()
        audit_record(
            actor=by,
            action="calendar.year.created" if created else "calendar.year.saved",
            obj=record,
            new={"year": record.year, "source": record.source},
        )
        _changed_now_and_on_commit()
    return record


def calendar_year_delete(*, record: CalendarYear, by: Any) -> None:
    """Mark a year as having no official data again (its listed days stay, but the year is
    reported as missing until it is imported)."""
    with transaction.atomic():
        audit_record(
            actor=by, action="calendar.year.deleted", obj=record, old={"year": record.year, "source": record.source}
        )
        record.delete()
        _changed_now_and_on_commit()
