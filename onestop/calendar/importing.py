"""Reading a year's official schedule from a CSV or JSON file, row by row, with every
problem named by its row number. Nothing is written here: the service imports the rows
only when the whole file is valid.

CSV: a header line with the columns ``date``, ``kind`` and ``name`` (``name`` may be
empty) and optional ``name_<language code>`` columns (``name_zh-hans``, ``name_en``...).
JSON: a list of objects with the same keys, or ``{"days": [...]}``; an object may carry
``names`` ({"zh-hans": "春节"}) instead of ``name_*`` keys.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay
from .seeding import DayEntry

NAME_MAX = CalendarDay._meta.get_field("name").max_length
LANGUAGE_CODES = {code for code, _label in settings.LANGUAGES}

ERR_FORMAT = _("The file could not be read as %(format)s: %(reason)s")
ERR_FORMAT_UNKNOWN = _("Give a .csv or .json file.")
ERR_COLUMNS = _("The file must have the columns date, kind and name; missing: %(missing)s.")
ERR_EMPTY = _("The file has no rows.")
ERR_ROW_NOT_OBJECT = _("Each entry must be an object with date, kind and name.")
ERR_DATE = _("“%(value)s” is not a date in the form YYYY-MM-DD.")
ERR_DATE_YEAR = _("%(date)s is not in %(year)s.")
ERR_KIND = _("The kind must be “holiday” or “workday”, not “%(value)s”.")
ERR_DUPLICATE = _("%(date)s is listed more than once (first in row %(first)d).")
ERR_WORKDAY_WEEKDAY = _("%(date)s is a weekday: a make-up working day must fall on a Saturday or Sunday.")
ERR_NAME_LONG = _("A name may have at most %(max)d characters.")
ERR_NAME_LANGUAGE = _("“%(code)s” is not a language of this platform.")


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based number of the data row (the CSV header is not counted)
    field: str
    message: str

    def __str__(self) -> str:
        return str(
            _("Row %(row)d, %(field)s: %(message)s") % {"row": self.row, "field": self.field, "message": self.message}
        )


class FileUnreadable(Exception):
    """The file as a whole cannot be read; ``message`` says why."""

    def __init__(self, message: Any):
        super().__init__(str(message))
        self.message = message


def detect_format(filename: str, explicit: str = "") -> str:
    if explicit:
        fmt = explicit.lower()
    else:
        fmt = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if fmt not in {"csv", "json"}:
        raise FileUnreadable(ERR_FORMAT_UNKNOWN)
    return fmt


def read_rows(content: bytes, fmt: str) -> list[dict[str, Any]]:
    """Turn the file's bytes into raw row dictionaries (values not yet checked)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileUnreadable(ERR_FORMAT % {"format": fmt.upper(), "reason": "not UTF-8 text"})
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileUnreadable(ERR_FORMAT % {"format": "JSON", "reason": f"line {exc.lineno}: {exc.msg}"})
        if isinstance(data, dict):
            data = data.get("days")
        if not isinstance(data, list):
            raise FileUnreadable(ERR_FORMAT % {"format": "JSON", "reason": "expected a list of days"})
        rows = data
    else:
        try:
            reader = csv.DictReader(io.StringIO(text))
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            missing = [c for c in ("date", "kind", "name") if c not in header]
            if missing:
                raise FileUnreadable(ERR_COLUMNS % {"missing": ", ".join(missing)})
            rows = [
                {(k or "").strip().lower(): v for k, v in row.items()}
                for row in reader
                if any((v or "").strip() for v in row.values() if isinstance(v, str))
            ]
        except csv.Error as exc:
            raise FileUnreadable(ERR_FORMAT % {"format": "CSV", "reason": str(exc)})
    if not rows:
        raise FileUnreadable(ERR_EMPTY)
    return rows


def _names(raw: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, Any]]]:
    names: dict[str, str] = {}
    problems: list[tuple[str, Any]] = []
    given = raw.get("names")
    if isinstance(given, dict):
        pairs = [(str(k), v) for k, v in given.items()]
    else:
        pairs = [(key[5:], value) for key, value in raw.items() if isinstance(key, str) and key.startswith("name_")]
    for code, value in pairs:
        text = str(value or "").strip()
        if not text:
            continue
        field = f"name_{code}"
        if code not in LANGUAGE_CODES:
            problems.append((field, ERR_NAME_LANGUAGE % {"code": code}))
        elif len(text) > NAME_MAX:
            problems.append((field, ERR_NAME_LONG % {"max": NAME_MAX}))
        else:
            names[code] = text
    return names, problems


def validate_rows(*, year: int, rows: list[Any]) -> tuple[list[DayEntry], list[RowProblem]]:
    """Check every row; return the good entries and every problem found (not just the first)."""
    entries: list[DayEntry] = []
    problems: list[RowProblem] = []
    seen: dict[date, int] = {}
    for number, raw in enumerate(rows, start=1):
        if not isinstance(raw, dict):
            problems.append(RowProblem(number, "row", str(ERR_ROW_NOT_OBJECT)))
            continue
        row_problems: list[tuple[str, Any]] = []
        value = str(raw.get("date") or "").strip()
        try:
            day = date.fromisoformat(value)
            if len(value) != 10:
                raise ValueError(value)
        except ValueError:
            day = None
            row_problems.append(("date", ERR_DATE % {"value": value}))
        kind = str(raw.get("kind") or "").strip().lower()
        if kind not in CalendarDay.Kind.values:
            row_problems.append(("kind", ERR_KIND % {"value": kind}))
        name = str(raw.get("name") or "").strip()
        if len(name) > NAME_MAX:
            row_problems.append(("name", ERR_NAME_LONG % {"max": NAME_MAX}))
        names, name_problems = _names(raw)
        row_problems.extend(name_problems)
        if day is not None:
            if day.year != year:
                row_problems.append(("date", ERR_DATE_YEAR % {"date": day.isoformat(), "year": year}))
            elif day in seen:
                row_problems.append(("date", ERR_DUPLICATE % {"date": day.isoformat(), "first": seen[day]}))
            else:
                seen[day] = number
            if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
                row_problems.append(("kind", ERR_WORKDAY_WEEKDAY % {"date": day.isoformat()}))
        if row_problems:
            problems.extend(RowProblem(number, f, str(m)) for f, m in row_problems)
        else:
            entries.append(DayEntry(date=day, kind=kind, name=name, names=names))
    return entries, problems
