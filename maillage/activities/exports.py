"""The participant list and the attendance sheet of an activity, as XLSX and as PDF.

Both are read in a fixed number of queries, whatever the number of participants and
sessions. The attendance sheet is also the paper one: its future sessions are blank
columns, to fill in by hand on a camp without a phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from maillage.activities.models import (
    ACTIVE_STATUSES,
    Activity,
    Attendance,
    Registration,
    RegistrationStatus,
    Session,
)
from maillage.activities.presence import AttendanceSummary, Rate, attendance_summary
from maillage.activities.rules import age_on
from maillage.core import documents

DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = '#,##0.00 "€"'
# Sessions per printed page of the attendance sheet: more would not leave room to write.
SESSIONS_PER_PAGE = 14


def _label(field: str) -> str:
    """A column heading from the model's own field label (already translated)."""
    model_field = Registration._meta.get_field(field)
    return str(capfirst(getattr(model_field, "verbose_name", field)))


@dataclass(frozen=True)
class ParticipantLine:
    registration: Registration
    status: str
    age: int | None


@dataclass(frozen=True)
class ParticipantList:
    activity: Activity
    lines: list[ParticipantLine]
    # Health notes go only to the activity's staff and its coordinators.
    show_health: bool


def participant_list(user: Any, activity: Activity) -> ParticipantList:
    """Confirmed participants by name, then the waiting list in its order."""
    registrations = list(
        Registration.objects.visible_to(user)
        .filter(activity=activity, status__in=ACTIVE_STATUSES)
        .select_related("person__commune", "price_tier")
    )
    confirmed = sorted(
        (r for r in registrations if r.status == RegistrationStatus.CONFIRMED),
        key=lambda r: (r.person.last_name.lower(), r.person.first_name.lower(), r.pk),
    )
    waiting = sorted(
        (r for r in registrations if r.status == RegistrationStatus.WAITING),
        key=lambda r: (r.waiting_since or r.created_at, r.pk),
    )
    lines = [
        ParticipantLine(r, str(RegistrationStatus.CONFIRMED.label), _age(activity, r))
        for r in confirmed
    ] + [
        ParticipantLine(
            r,
            _("Waiting list, position %(position)s") % {"position": position},
            _age(activity, r),
        )
        for position, r in enumerate(waiting, start=1)
    ]
    # The rule depends on the activity and the user only: asked once, not per row.
    show_health = Registration(activity=activity).health_notes_visible_to(user)
    return ParticipantList(activity=activity, lines=lines, show_health=show_health)


def _age(activity: Activity, registration: Registration) -> int | None:
    born = registration.person.birth_date
    return age_on(born, activity.starts_on) if born else None


def participant_headings(data: ParticipantList) -> list[str]:
    headings = [
        str(capfirst(_("last name"))),
        str(capfirst(_("first name"))),
        str(capfirst(_("birth date"))),
        _("Age"),
        str(capfirst(_("commune"))),
        _label("status"),
        _label("price_tier"),
        _label("amount_due"),
        _label("payment_status"),
        _("Structured communication"),
        _label("guardian_name"),
        _label("guardian_phone"),
        _label("emergency_contact"),
        _label("photo_consent"),
    ]
    if data.show_health:
        headings.append(_label("health_notes"))
    return headings


def participant_values(data: ParticipantList, line: ParticipantLine) -> list[Any]:
    r = line.registration
    person = r.person
    values: list[Any] = [
        person.last_name,
        person.first_name,
        person.birth_date,
        line.age,
        person.commune.name if person.commune else "",
        line.status,
        r.price_tier.label if r.price_tier else "",
        r.amount_due,
        r.get_payment_status_display(),
        r.payment_reference,
        r.guardian_name,
        r.guardian_phone,
        r.emergency_contact,
        _("Yes") if r.photo_consent else _("No"),
    ]
    if data.show_health:
        values.append(r.health_notes)
    return values


@dataclass(frozen=True)
class GridRow:
    registration: Registration
    cells: list[bool | None]
    rate: Rate


@dataclass(frozen=True)
class AttendanceGrid:
    activity: Activity
    sessions: list[Session]
    rows: list[GridRow]
    # None for the sessions still to come: blank on the sheet, not zero.
    present_totals: list[int | None]
    headcounts: list[int | None]
    summary: AttendanceSummary

    def totals(self) -> list[int | None]:
        return [
            None if p is None and h is None else (p or 0) + (h or 0)
            for p, h in zip(self.present_totals, self.headcounts, strict=True)
        ]


def attendance_grid(user: Any, activity: Activity) -> AttendanceGrid:
    sessions = list(Session.objects.visible_to(user).filter(activity=activity))
    registrations = list(
        Registration.objects.visible_to(user)
        .filter(activity=activity, status=RegistrationStatus.CONFIRMED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    marks = {
        (registration_id, session_id): present
        for registration_id, session_id, present in Attendance.objects.filter(
            session__activity=activity, registration__status=RegistrationStatus.CONFIRMED
        ).values_list("registration_id", "session_id", "present")
    }
    summary = attendance_summary(activity)
    rows = [
        GridRow(
            registration=r,
            cells=[marks.get((r.pk, s.pk)) for s in sessions],
            rate=summary.for_registration(r.pk),
        )
        for r in registrations
    ]
    today = timezone.localdate()
    present_totals: list[int | None] = [
        sum(1 for row in rows if row.cells[i]) if session.date <= today else None
        for i, session in enumerate(sessions)
    ]
    return AttendanceGrid(
        activity=activity,
        sessions=sessions,
        rows=rows,
        present_totals=present_totals,
        headcounts=[s.headcount for s in sessions],
        summary=summary,
    )


def cell_letter(value: bool | None) -> str:
    """P, A or blank: what a worker writes on the paper sheet too."""
    if value is None:
        return ""
    return _("P") if value else _("A")


# XLSX ----------------------------------------------------------------------------------


def _workbook(title: str, sheet_title: str) -> tuple[Any, Any]:
    workbook = documents.new_workbook(title)
    sheet = documents.add_sheet(workbook, sheet_title)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return workbook, sheet


def _header(sheet: Any, row: int, values: list[Any]) -> None:
    from openpyxl.styles import Alignment, Font

    for column, value in enumerate(values, start=1):
        cell = documents.put(sheet, row, column, value)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def participants_title(activity: Activity) -> str:
    return f"{_('Participants')} — {activity.title}"


def attendance_title(activity: Activity) -> str:
    return f"{_('Attendance sheet')} — {activity.title}"


def participants_xlsx(data: ParticipantList) -> bytes:
    from openpyxl.utils import get_column_letter

    workbook, sheet = _workbook(participants_title(data.activity), _("Participants"))
    headings = participant_headings(data)
    _header(sheet, 1, headings)
    for row, line in enumerate(data.lines, start=2):
        for column, value in enumerate(participant_values(data, line), start=1):
            cell = documents.put(sheet, row, column, value)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif column == 8:
                cell.number_format = MONEY_FORMAT
    widths = [18, 16, 12, 6, 16, 24, 16, 10, 10, 22, 22, 16, 24, 10, 40]
    for column in range(1, len(headings) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    documents.page_header(sheet, data.activity.title)
    return documents.xlsx_bytes(workbook)


def attendance_xlsx(grid: AttendanceGrid) -> bytes:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook, sheet = _workbook(attendance_title(grid.activity), _("Attendance"))
    count = len(grid.sessions)
    _header(sheet, 1, [_("Participant"), *[s.date for s in grid.sessions], _("Rate")])
    _header(sheet, 2, ["", *[s.starts_at for s in grid.sessions], ""])
    for column in range(2, count + 2):
        sheet.cell(row=1, column=column).number_format = "DD/MM/YYYY"
        sheet.cell(row=2, column=column).number_format = "HH:MM"
        sheet.column_dimensions[get_column_letter(column)].width = 11
    rate_column = count + 2
    row = 3
    for line in grid.rows:
        person = line.registration.person
        documents.put(sheet, row, 1, f"{person.last_name} {person.first_name}")
        for column, value in enumerate(line.cells, start=2):
            documents.put(sheet, row, column, cell_letter(value) or None)
        rate = documents.put(sheet, row, rate_column, line.rate.rate)
        rate.number_format = "0%"
        row += 1
    totals: list[tuple[str, list[int | None]]] = [
        (_("Participants present"), grid.present_totals),
        (_("Anonymous participants"), grid.headcounts),
        (_("Total"), grid.totals()),
    ]
    for label, values in totals:
        documents.put(sheet, row, 1, label).font = Font(bold=True)
        for column, number in enumerate(values, start=2):
            documents.put(sheet, row, column, number)
        row += 1
    overall = documents.put(sheet, row - 1, rate_column, grid.summary.rate)
    overall.number_format = "0%"
    overall.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions[get_column_letter(rate_column)].width = 8
    sheet.freeze_panes = "B3"
    sheet.print_title_rows = "1:2"
    documents.page_header(sheet, grid.activity.title)
    return documents.xlsx_bytes(workbook)


# PDF -----------------------------------------------------------------------------------


def _pdf(template: str, context: dict[str, Any], *, title: str) -> bytes:
    html = render_to_string(
        template, {**context, "document_title": title, "exported_on": timezone.localdate()}
    )
    return documents.pdf_from_html(html, title=title)


def participants_pdf(data: ParticipantList) -> bytes:
    rows = [participant_values(data, line) for line in data.lines]
    return _pdf(
        "activities/participants_pdf.html",
        {
            "data": data,
            "activity": data.activity,
            "headings": participant_headings(data),
            "rows": rows,
        },
        title=participants_title(data.activity),
    )


def attendance_pdf(grid: AttendanceGrid) -> bytes:
    """Landscape pages of at most SESSIONS_PER_PAGE sessions, names repeated on each."""
    pages = []
    for start in range(0, max(len(grid.sessions), 1), SESSIONS_PER_PAGE):
        stop = start + SESSIONS_PER_PAGE
        pages.append(
            {
                "sessions": grid.sessions[start:stop],
                "rows": [
                    (
                        line.registration.person,
                        [cell_letter(v) for v in line.cells[start:stop]],
                        line.rate,
                    )
                    for line in grid.rows
                ],
                "present": grid.present_totals[start:stop],
                "headcounts": grid.headcounts[start:stop],
                "totals": grid.totals()[start:stop],
                "last": stop >= len(grid.sessions),
            }
        )
    return _pdf(
        "activities/attendance_pdf.html",
        {"grid": grid, "activity": grid.activity, "pages": pages},
        title=attendance_title(grid.activity),
    )


def receipt_title(registration: Registration) -> str:
    return _("Receipt for registration no. %(number)s") % {"number": registration.pk}


def receipt_pdf(registration: Registration) -> bytes:
    """The receipt of a paid registration (a mutuality or an employer refunds part of a camp
    on this proof)."""
    return _pdf(
        "activities/receipt.html",
        {"registration": registration, "activity": registration.activity, "now": timezone.now()},
        title=receipt_title(registration),
    )
