"""Server-rendered SVG charts (no script, no CDN). Labels are escaped; numbers are ours."""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#0b5cad", "#8a5a00", "#1e6b34", "#b3261e")
# rough advance of one character of 12-unit text: Latin/Arabic about 7 units, CJK about 12
NARROW_UNITS, WIDE_UNITS = 7, 12


def _units(ch: str) -> int:
    return WIDE_UNITS if unicodedata.east_asian_width(ch) in ("W", "F") else NARROW_UNITS


def fit_label(label: str, width: int) -> str:
    """``label`` shortened with an ellipsis to fit ``width`` units of 12-unit text."""
    if sum(_units(ch) for ch in label) <= width:
        return label
    out, used = "", NARROW_UNITS  # room for the ellipsis
    for ch in label:
        used += _units(ch)
        if used > width:
            break
        out += ch
    return out.rstrip() + "…"


def grouped_bars(
    *,
    title: str,
    rows: list[tuple[str, list[float]]],
    series: list[str],
    unit: str = "",
    width: int = 640,
    label_w: int = 170,
) -> SafeString:
    """Horizontal grouped bars: one group per row, one bar per series, values printed.
    Keep ``width`` small for charts read on a phone: the SVG is scaled to the screen, text
    with it."""
    bar_h, gap, value_w = 14, 10, 60
    group_h = bar_h * len(series) + gap
    legend_h = 22
    height = legend_h + group_h * len(rows) + 10
    top = max((v for _label, values in rows for v in values), default=0) or 1
    plot_w = width - label_w - value_w
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" direction="ltr" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    x = 4
    for i, name in enumerate(series):
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 16}" y="14">{escape(name)}</text>')
        x += 16 + sum(_units(ch) for ch in name) + 20
    for r, (label, values) in enumerate(rows):
        y0 = legend_h + r * group_h
        short = fit_label(label, label_w - 10)
        tip = f"<title>{escape(label)}</title>" if short != label else ""
        parts.append(f'<text x="{label_w - 6}" y="{y0 + bar_h}" text-anchor="end">{tip}{escape(short)}</text>')
        for i, value in enumerate(values):
            w = max(plot_w * (value / top), 0)
            y = y0 + i * bar_h
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="{COLOURS[i % len(COLOURS)]}"/>'
            )
            parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 3}">{value:.1f}{escape(unit)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
