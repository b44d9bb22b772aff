"""The three files of a report: a self-contained HTML page, the same page as a tagged PDF,
and an XLSX workbook with a summary sheet and one sheet per section (both through
`core.documents`, as every file the product writes).

A hidden cell of the statistics layer is written as its text ("<5", "×") everywhere, the
workbook included: a spreadsheet never gets a count the page would not show.

The files are put in place with `core.jobs.write_atomically`: a process killed while writing
leaves the previous file (or none) under the name, never a truncated one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.core import documents, stats
from maillage.core.charts import bar_chart
from maillage.programmes.indicators import Breakdown
from maillage.programmes.report_data import Contents, Line, Section

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": (documents.PDF_TYPE, "pdf"),
    "xlsx": (documents.XLSX_TYPE, "xlsx"),
}
# The chart's own style, inside the SVG: WeasyPrint styles an inline SVG only from there.
CHART_STYLE = (
    "<style>svg.chart text{font-size:11px;fill:#1d2433}svg.chart .bar{fill:#1f5fa8}"
    "svg.chart .target{stroke:#b3261e;stroke-width:2;stroke-dasharray:6 4}</style>"
)
BODY_START = "<!-- report-body -->"
BODY_END = "<!-- /report-body -->"


@dataclass(frozen=True)
class Figure:
    breakdown: Breakdown
    chart: SafeString


def styled(chart: SafeString) -> SafeString:
    """The chart with its style after the opening tag (whose attributes are escaped)."""
    head, rest = chart.split(">", 1)
    return mark_safe(f"{head}>{CHART_STYLE}{rest}")  # noqa: S308  (our own markup)


def figures_of(line: Line) -> list[Figure]:
    """A table per breakdown, and its chart when it has a bar to draw (a chart of zeros and
    hidden cells says nothing its table does not)."""
    return [
        Figure(
            b,
            styled(bar_chart(b.table, title=f"{line.result.label} — {b.title}"))
            if any(cell.value for _label, cell in b.table.rows)
            else SafeString(""),
        )
        for b in line.result.breakdowns
        if b.table.rows
    ]


def html_document(contents: Contents) -> str:
    sections = [
        {"section": s, "lines": [{"line": line, "figures": figures_of(line)} for line in s.lines]}
        for s in contents.sections
    ]
    has_masked = any(
        line.result.total.masked or any(b.table.has_masked for b in line.result.breakdowns)
        for _section, line in contents.lines
    )
    context = {
        "report": contents,
        "sections": sections,
        "threshold": stats.threshold(),
        "has_masked": has_masked,
    }
    return render_to_string("programmes/report_document.html", context)


def html_body(document: str) -> SafeString:
    """The sections of a generated document, to show inside the report's page (the document
    was rendered by our own template, with every text escaped)."""
    start, end = document.find(BODY_START), document.find(BODY_END)
    if start < 0 or end < start:
        return SafeString("")
    # The site's stylesheet styles the charts; its content policy refuses inline styles.
    body = document[start + len(BODY_START) : end].replace(CHART_STYLE, "")
    return mark_safe(body)  # noqa: S308


def pdf_document(document: str, *, title: str) -> bytes:
    return documents.pdf_from_html(document, title=title)


# --- The workbook ---


def cell_value(cell: stats.Cell) -> int | str:
    """A number as a number; a hidden cell as the text the page shows."""
    return cell.value if cell.value is not None else str(cell)


def _targets_text(line: Line) -> str:
    return "; ".join(
        f"{t.start.strftime('%d/%m/%Y')} – {t.end.strftime('%d/%m/%Y')}" for t in line.targets
    )


def _target_value(line: Line) -> int | str:
    return (
        line.targets[0].value
        if len(line.targets) == 1
        else "; ".join(str(t.value) for t in line.targets)
    )


def _bold_row(sheet: Any, values: list[Any]) -> None:
    from openpyxl.styles import Font

    documents.append_row(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _summary_sheet(sheet: Any, contents: Contents) -> None:
    from openpyxl.styles import Font

    documents.append_row(sheet, [contents.title])
    sheet["A1"].font = Font(bold=True, size=14)
    documents.append_row(sheet, [_("Organisation"), contents.organisation])
    if contents.programme:
        documents.append_row(sheet, [_("Programme"), contents.programme])
    documents.append_row(sheet, [_("From"), contents.period.start])
    documents.append_row(sheet, [_("To"), contents.period.end])
    documents.append_row(sheet, [_("Organisations covered"), ", ".join(contents.organisations)])
    documents.append_row(sheet, [_("Generated on"), contents.generated_on])
    documents.append_row(sheet, [])
    _bold_row(sheet, [_("Section"), _("Indicator"), _("Value"), _("Target"), _("Target period")])
    for section, line in contents.lines:
        row: list[Any] = [section.title, line.result.label, cell_value(line.result.total)]
        if line.targets:
            row += [_target_value(line), _targets_text(line)]
        documents.append_row(sheet, row)
    if contents.budget is not None:
        _budget_rows(sheet, contents)
    documents.append_row(sheet, [])
    documents.append_row(
        sheet,
        [
            _("Counts below %(n)s are shown as “<%(n)s” to protect the people counted.")
            % {"n": stats.threshold()}
        ],
    )
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"


def _budget_rows(sheet: Any, contents: Contents) -> None:
    budget = contents.budget
    assert budget is not None
    documents.append_row(sheet, [])
    _bold_row(sheet, [_("Budget"), _("Amount (€)")])
    for label, amount in (
        (_("Envelope"), budget.envelope),
        (_("Granted to the funded projects"), budget.granted),
        (_("Spent during the period"), budget.spent),
        (_("Spent up to the end of the period"), budget.spent_to_date),
        (_("Remaining"), budget.remaining),
    ):
        documents.append_row(sheet, [label, amount])
    if budget.lines:
        documents.append_row(sheet, [])
        _bold_row(sheet, [_("Budget line"), _("Planned (€)"), _("Spent during the period (€)")])
        for line in budget.lines:
            documents.append_row(sheet, [line.label, line.planned, line.spent])
    if budget.projects:
        documents.append_row(sheet, [])
        _bold_row(
            sheet,
            [_("Funded organisation"), _("Project"), _("Granted (€)"), _("Spent (€)")],
        )
        for project in budget.projects:
            documents.append_row(
                sheet, [project.organisation, project.title, project.granted, project.spent]
            )
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"


def _section_sheet(sheet: Any, section: Section) -> None:
    from openpyxl.styles import Font

    documents.append_row(sheet, [section.title])
    sheet["A1"].font = Font(bold=True, size=13)
    if section.narrative:
        documents.append_row(sheet, [section.narrative])
    documents.append_row(sheet, [])
    if not section.lines:
        documents.append_row(sheet, [_("No indicator in this section yet.")])
        return
    _bold_row(sheet, [_("Indicator"), _("Value"), _("Target"), _("Target period")])
    for line in section.lines:
        row: list[Any] = [line.result.label, cell_value(line.result.total)]
        if line.targets:
            row += [_target_value(line), _targets_text(line)]
        documents.append_row(sheet, row)
    for line in section.lines:
        for breakdown in line.result.breakdowns:
            documents.append_row(sheet, [])
            _bold_row(sheet, [f"{line.result.label} — {breakdown.title}", _("Value")])
            for label, value in breakdown.table.rows:
                documents.append_row(sheet, [str(label), cell_value(value)])
            _bold_row(sheet, [_("Total"), cell_value(breakdown.table.total)])


def xlsx_document(contents: Contents) -> bytes:
    workbook = documents.new_workbook(contents.title)
    _summary_sheet(documents.add_sheet(workbook, _("Summary")), contents)
    for section in contents.sections:
        _section_sheet(documents.add_sheet(workbook, section.title), section)
    for sheet in workbook.worksheets:
        sheet.column_dimensions["A"].width = 50
        for column in "BCDE":
            sheet.column_dimensions[column].width = 18
    return documents.xlsx_bytes(workbook)


def render_all(contents: Contents) -> dict[str, bytes]:
    """Every format's bytes, keyed by format."""
    document = html_document(contents)
    return {
        "html": document.encode("utf-8"),
        "pdf": pdf_document(document, title=contents.title),
        "xlsx": xlsx_document(contents),
    }


def render_one(contents: Contents, fmt: str) -> bytes:
    if fmt == "xlsx":
        return xlsx_document(contents)
    document = html_document(contents)
    if fmt == "pdf":
        return pdf_document(document, title=contents.title)
    return document.encode("utf-8")
