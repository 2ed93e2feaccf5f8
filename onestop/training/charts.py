"""Server-rendered SVG charts: no scripts, no external files; readable by screen readers
(a title, a description and the numbers as text).

On right-to-left pages (Arabic) the chart is mirrored: labels on the right, bars growing
leftwards from a common right edge, values to the left of the bars. The SVG then carries
``direction="rtl"`` and the class ``chart-rtl``; its text anchors are logical ("end" of a
label touches the bar, "start" of a value follows it), so the same anchors serve both
directions and only the x coordinates are mirrored.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 24
GAP = 10
LABEL_WIDTH = 44  # percent of the width given to labels
WIDTH = 420  # viewBox units; fonts are 14 units, legible when a phone shrinks the chart to ~350 px
CHAR_UNITS = 7.5  # approximate advance of a Latin character at 14 units; CJK characters count double


def _fit(label: str, room: float) -> str:
    """Shorten ``label`` to fit ``room`` units, counting wide (CJK) characters double."""
    used = 0.0
    for i, char in enumerate(label):
        used += CHAR_UNITS * (2 if ord(char) > 0x2E80 else 1)
        if used > room:
            return label[: max(i - 1, 1)] + "…"
    return label


def bar_chart(
    items: Sequence[tuple[str, float | int]],
    *,
    title: str = "",
    maximum: float | None = None,
    unit: str = "",
    rtl: bool | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value). Bars scale to ``maximum`` (the largest value
    when not given). Labels are truncated to keep the layout; the full label is in <title>.
    ``rtl`` mirrors the chart; by default it follows the active language."""
    items = list(items)
    if not items:
        return mark_safe("")
    if rtl is None:
        rtl = translation.get_language_bidi()

    def x(at: float) -> float:
        """A left-to-right position, mirrored on right-to-left pages."""
        return WIDTH - at if rtl else at

    top = maximum if maximum else max((v for _l, v in items), default=0) or 1
    label_w = WIDTH * LABEL_WIDTH / 100
    bar_w = WIDTH - label_w - 56
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for i, (label, value) in enumerate(items):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = max(bar_w * (value or 0) / top, 0 if not value else 2)
        short = _fit(label, label_w - 12)
        shown = f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"
        # the bar's left edge: at the labels' edge, or (mirrored) ``width`` left of it
        bar_x = WIDTH - label_w - width if rtl else label_w
        rows.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<text x="{x(label_w - 8):.0f}" y="{y + BAR_HEIGHT * 0.7:.0f}" text-anchor="end" class="chart-label">{escape(short)}</text>'
            f'<rect x="{bar_x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" rx="3" class="chart-bar"></rect>'
            f'<text x="{x(label_w + width + 6):.0f}" y="{y + BAR_HEIGHT * 0.7:.0f}" text-anchor="start" class="chart-value">{escape(shown)}</text></g>'
        )
    summary = "; ".join(f"{label}: {value}{unit}" for label, value in items)
    direction = "rtl" if rtl else "ltr"
    svg = (
        f'<svg class="chart{" chart-rtl" if rtl else ""}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" direction="{direction}">'
        f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>{''.join(rows)}</svg>"
    )
    return mark_safe(svg)
