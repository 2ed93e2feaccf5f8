"""The inspection's findings as CSV (UTF-8 with a byte-order mark, so spreadsheet programs
read Chinese correctly) and as an XLSX workbook (openpyxl): one sheet of findings and one
of counts per organization and rule."""

from __future__ import annotations

import csv
import io
from collections import Counter

from django.utils.translation import gettext as _

from .base import Finding, get_rule


def _headers() -> list[str]:
    return [
        _("Organization"), _("Rule"), _("Rule code"), _("Severity"), _("Trip"), _("Person"), _("Year"), _("Date"),
        _("Finding"),
    ]  # fmt: skip


def _severity_label(severity: str) -> str:
    return {"high": _("High"), "medium": _("Medium"), "low": _("Low")}.get(severity, severity)


def _row(finding: Finding) -> list:
    rule = get_rule(finding.rule)
    return [
        finding.organization_name,
        str(rule.title) if rule else finding.rule,
        finding.rule,
        _severity_label(finding.severity),
        finding.trip_number,
        finding.person_name,
        finding.year or "",
        finding.on.isoformat() if finding.on else "",
        finding.detail,
    ]


def _safe(value):
    """Cells a spreadsheet would run as a formula are written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def findings_csv(findings: list[Finding]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers())
    for finding in findings:
        writer.writerow([_safe(v) for v in _row(finding)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def findings_xlsx(findings: list[Finding]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _("Findings")[:31]
    sheet.append(_headers())
    for finding in findings:
        sheet.append([_safe(v) for v in _row(finding)])
    widths = [28, 30, 22, 10, 18, 16, 8, 12, 80]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(len(findings) + 1, 1)}"

    summary = book.create_sheet(_("By organization")[:31])
    summary.append([_("Organization"), _("Rule"), _("Findings")])
    counts = Counter((f.organization_name, f.rule) for f in findings)
    for (organization, code), count in sorted(counts.items()):
        rule = get_rule(code)
        summary.append([_safe(organization), str(rule.title) if rule else code, count])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
