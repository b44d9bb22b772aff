"""Charts as inline SVG, drawn on the server: no script, readable in a PDF, with a text
alternative. A chart draws a `stats.Table`: a hidden cell ("<5", "×") gets no bar, only its
text, so a chart never shows more than its table."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from maillage.core import stats

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
BAR_WIDTH = 300
# Longer labels are shortened (the table under the chart has them whole).
LABEL_CHARS = 36
VALUE_WIDTH = 90


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: hidden by the statistics layer
    text: str


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bars_of(table: stats.Table) -> list[Bar]:
    return [Bar(str(label), cell.value, str(cell)) for label, cell in table.rows]


def bar_chart(table: stats.Table, *, title: str, target: int | None = None) -> SafeString:
    """A horizontal bar chart of `table`, its `title` as the accessible name; `target`, if
    given, draws a dashed line at that value."""
    bars = bars_of(table)
    top = max([b.value or 0 for b in bars] + [target or 0, 1])
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    summary = "; ".join(f"{b.label}: {b.text}" for b in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" role="img" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>",
    ]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT * 0.7
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" '
            f'class="label">{escape(_short(bar.label))}</text>'
        )
        if bar.value:
            length = BAR_WIDTH * bar.value / top
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT}" class="bar"/>'
            )
        else:
            length = 0
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{middle:.1f}" '
            f'class="value">{escape(bar.text)}</text>'
        )
    if target:
        x = LABEL_WIDTH + BAR_WIDTH * target / top
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" class="target"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)
