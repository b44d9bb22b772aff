"""The participant list and the attendance sheet as real XLSX and PDF files: opened with
openpyxl, text read back from the PDF where a reader is installed."""

from __future__ import annotations

import zipfile
from datetime import datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.activities import services
from maillage.activities.models import ActivityKind, RegistrationStatus
from maillage.core.audit_models import AuditEvent, AuditKind
from maillage.core.roles import Role
from tests.activities.conftest import acting, today
from tests.documents import FORMULAS, assert_tagged_pdf

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


@pytest.fixture
def workshop(make_activity, member):
    """Three days ago to tomorrow: sessions two days ago, yesterday, today and tomorrow,
    a price, three places."""
    activity = make_activity(title="Atelier graff", starts_on=today() - timedelta(days=3), places=3)
    services.price_tier_add(actor=member, activity=activity, label="Plein", amount=Decimal("35"))
    for offset in (-2, -1, 0, 1):
        services.session_add(
            actor=member,
            activity=activity,
            date=today() + timedelta(days=offset),
            starts_at=time(14),
            ends_at=time(16),
        )
    return activity


def enrol(member, activity, person, **details):
    return services.registration_create(
        actor=acting(member, activity.organisation, Role.FIELD_WORKER),
        activity=activity,
        person=person,
        price_tier=activity.price_tiers.first(),
        **details,
    )


@pytest.fixture
def people(workshop, member, make_child):
    """Nora and Théo confirmed (Nora with health notes), Zoé confirmed, Lina waiting."""
    nora = enrol(
        member,
        workshop,
        make_child("Nora", "Lambert"),
        guardian_name="Parent Lambert",
        guardian_phone="0470 11 22 33",
        emergency_contact="Tante, 0470 99 88 77",
        health_notes="Secret-santé : asthme",
        photo_consent=True,
    )
    theo = enrol(member, workshop, make_child("Théo", "Dupont"))
    zoe = enrol(member, workshop, make_child("Zoé", "Martin"))
    lina = enrol(member, workshop, make_child("Lina", "Bernard"))
    assert lina.status == RegistrationStatus.WAITING
    past = list(workshop.sessions.filter(date__lte=today()).order_by("date"))
    for session, answer in zip(past, (True, False, True), strict=True):
        services.attendance_record(actor=member, session=session, registration=nora, present=answer)
    services.attendance_record(actor=member, session=past[0], registration=theo, present=True)
    services.session_set_headcount(actor=member, session=past[0], headcount=4)
    return {"nora": nora, "theo": theo, "zoe": zoe, "lina": lina}


def url(name, activity):
    return reverse(f"activities:{name}", kwargs={"pk": activity.pk})


def workbook_of(response):
    return load_workbook(BytesIO(response.content)).active


def all_values(sheet) -> str:
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_participant_list_xlsx(login, member, workshop, people):
    response = login(member).get(url("participants_xlsx", workshop))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    filename = f"participants-activite-{workshop.pk}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    sheet = workbook_of(response)
    assert sheet.freeze_panes == "C2"
    header = [c.value for c in sheet[1]]
    assert all(c.font.b for c in sheet[1] if c.value)
    assert header[0] == french("Last name") or header[0].lower() == french("last name").lower()
    assert len(header) == 15  # the staff member sees the health notes column
    assert sheet.column_dimensions["A"].width >= 15
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # Confirmed by name, then the waiting list.
    assert [r[1] for r in rows] == ["Théo", "Nora", "Zoé", "Lina"]
    nora = rows[1]
    assert isinstance(nora[2], datetime)  # a real date, not text
    assert nora[2].date() == people["nora"].person.birth_date
    assert nora[3] == 10
    assert nora[7] == 35
    assert nora[9] == people["nora"].payment_reference
    assert nora[10] == "Parent Lambert"
    assert nora[11] == "0470 11 22 33"
    assert nora[12] == "Tante, 0470 99 88 77"
    assert nora[14] == "Secret-santé : asthme"
    assert "1" in rows[3][5]  # Lina: first on the waiting list
    assert rows[0][5] == french("Confirmed")

    event = AuditEvent.objects.get(action="activities.participants.exported")
    assert event.kind == AuditKind.READ
    assert event.actor == member
    assert "Nora" not in str(event.changes) + event.target_label


def test_health_notes_stay_out_for_a_colleague_not_on_the_staff(login, colleague, workshop, people):
    client = login(colleague)
    sheet = workbook_of(client.get(url("participants_xlsx", workshop)))
    assert len([c for c in sheet[1] if c.value]) == 14
    assert "Secret-santé" not in all_values(sheet)
    assert "Parent Lambert" in all_values(sheet)
    text = pdf_text(client.get(url("participants_pdf", workshop)).content)
    assert "Secret-santé" not in text
    assert "Lambert" in text


def test_participant_list_pdf(login, member, workshop, people):
    response = login(member).get(url("participants_pdf", workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'participants-activite-{workshop.pk}.pdf"')
    assert_tagged_pdf(response.content, title=f"{french('Participants')} — Atelier graff")
    text = pdf_text(response.content)
    assert "Atelier graff" in text
    assert "Lambert" in text
    assert "Secret-santé" in text
    assert people["nora"].payment_reference in text


def test_attendance_sheet_xlsx(login, member, workshop, people):
    response = login(member).get(url("attendance_xlsx", workshop))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'presences-activite-{workshop.pk}.xlsx"')
    sheet = workbook_of(response)
    assert sheet.freeze_panes == "B3"
    sessions = list(workshop.sessions.order_by("date"))
    dates = [c.value for c in sheet[1]][1:5]
    assert [d.date() for d in dates] == [s.date for s in sessions]
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=3)}
    present, absent = french("P"), french("A")
    # Rows are the confirmed participants only.
    assert "Bernard Lina" not in rows
    assert rows["Lambert Nora"][1:5] == [present, absent, present, None]
    assert rows["Lambert Nora"][5] == pytest.approx(2 / 3)
    assert rows["Dupont Théo"][1:5] == [present, None, None, None]
    assert rows["Martin Zoé"][5] is None  # nothing recorded: no rate
    assert rows[french("Participants present")][1:5] == [2, 0, 1, None]
    assert rows[french("Anonymous participants")][1:5] == [4, None, None, None]
    assert rows[french("Total")][1:5] == [6, 0, 1, None]
    assert rows[french("Total")][5] == pytest.approx(3 / 4)
    event = AuditEvent.objects.get(action="activities.attendance.exported")
    assert event.kind == AuditKind.READ


def test_attendance_sheet_pdf_is_landscape_and_printable(login, member, workshop, people):
    response = login(member).get(url("attendance_pdf", workshop))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = assert_tagged_pdf(
        response.content, title=f"{french('Attendance sheet')} — Atelier graff"
    )
    box = reader.pages[0].mediabox
    assert box.width > box.height, "the sheet is landscape"
    text = pdf_text(response.content)
    assert "Lambert Nora" in text
    assert "Bernard" not in text
    assert "67 %" in text


def test_an_empty_sheet_to_fill_by_hand_for_future_sessions(
    login, member, make_activity, make_child
):
    camp = make_activity(
        kind=ActivityKind.CAMP, title="Stage à venir", starts_on=today() + timedelta(days=20)
    )
    services.price_tier_add(actor=member, activity=camp, label="Plein", amount=Decimal("60"))
    for offset in range(20, 25):
        services.session_add(
            actor=member,
            activity=camp,
            date=today() + timedelta(days=offset),
            starts_at=time(9),
            ends_at=time(16),
        )
    enrol(member, camp, make_child("Nora"))
    client = login(member)
    sheet = workbook_of(client.get(url("attendance_xlsx", camp)))
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=3)}
    assert rows["Lambert Nora"][1:6] == [None] * 5
    assert rows[french("Total")][1:6] == [None] * 5
    response = client.get(url("attendance_pdf", camp))
    assert response.content.startswith(b"%PDF")


def test_many_sessions_are_split_over_printed_pages(login, member, make_activity, make_child):
    season = make_activity(title="Atelier annuel", ends_on=today() + timedelta(days=60))
    services.sessions_generate(
        actor=member,
        activity=season,
        weekdays=[0, 2, 4],
        starts_at=time(16),
        ends_at=time(18),
        skip_holidays=False,
    )
    assert season.sessions.count() > 14
    enrol(member, season, make_child("Nora"))
    response = login(member).get(url("attendance_pdf", season))
    assert len(PdfReader(BytesIO(response.content)).pages) >= 2


def test_a_school_animation_sheet_counts_heads_only(login, member, make_activity):
    animation = make_activity(
        kind=ActivityKind.SCHOOL_ANIMATION, title="Animation", school="École 5", places=None
    )
    session = services.session_add(
        actor=member, activity=animation, date=today(), starts_at=time(10), ends_at=time(12)
    )
    services.session_set_headcount(actor=member, session=session, headcount=23)
    client = login(member)
    sheet = workbook_of(client.get(url("attendance_xlsx", animation)))
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=3)}
    assert rows[french("Anonymous participants")][1] == 23
    assert rows[french("Total")][1] == 23
    assert client.get(url("attendance_pdf", animation)).content.startswith(b"%PDF")
    assert client.get(url("participants_pdf", animation)).content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["participants_xlsx", "attendance_xlsx"])
def test_exports_read_in_a_constant_number_of_queries(
    login, member, make_activity, make_child, name
):
    activity = make_activity(title="Grand atelier", places=40)
    session = services.session_add(
        actor=member, activity=activity, date=today(), starts_at=time(14), ends_at=time(16)
    )
    client = login(member)

    def add(count, start):
        for number in range(start, start + count):
            registration = enrol(member, activity, make_child(f"Enfant{number}", "Masse"))
            services.attendance_record(
                actor=member, session=session, registration=registration, present=True
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, activity)).status_code == 200
        return len(captured)

    add(2, 0)
    small = queries()
    add(12, 2)
    assert queries() == small


def test_text_typed_by_a_parent_never_runs_as_a_formula_in_the_workbook(
    login, member, workshop, make_child
):
    """Names, phone, contacts and notes that a spreadsheet would run start with a quote;
    numbers and dates stay numbers and dates."""
    for text in FORMULAS:
        enrol(
            member,
            workshop,
            make_child(text, text),
            guardian_name=text,
            guardian_phone=text,
            emergency_contact=text,
            health_notes=text,
        )
    client = login(member)
    response = client.get(url("participants_xlsx", workshop))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2))
    # openpyxl reads a lone CR back as a line feed: what matters is the quote in front.
    expected = {"'" + text.replace("\r", "\n") for text in FORMULAS}
    assert {row[0].value for row in rows} == expected
    for row in rows:
        typed = [row[i] for i in (0, 1, 10, 11, 12, 14)]  # names, guardian, phone, contact, notes
        assert {cell.value for cell in typed} == {row[0].value}
        assert all(cell.data_type == "s" for cell in typed)
        assert isinstance(row[2].value, datetime)  # the birth date, a date
        assert row[3].value == 10 and row[3].data_type == "n"  # the age, a number
        assert row[7].value == 35 and row[7].data_type == "n"  # the amount, a number
    with zipfile.ZipFile(BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    # The attendance sheet writes the names too, through the same guard.
    content = client.get(url("attendance_xlsx", workshop)).content
    names = [row[0].value for row in load_workbook(BytesIO(content)).active.iter_rows(min_row=3)]
    assert "'+1+1 +1+1" in names and "'-2+3 -2+3" in names  # the three confirmed


def test_the_workbooks_are_titled_and_made_by_maillage(login, member, workshop, people):
    client = login(member)
    for name, title, sheet in (
        ("participants_xlsx", french("Participants"), french("Participants")),
        ("attendance_xlsx", french("Attendance sheet"), french("Attendance")),
    ):
        workbook = load_workbook(BytesIO(client.get(url(name, workshop)).content))
        assert workbook.properties.title == f"{title} — Atelier graff"
        assert workbook.properties.creator == "Maillage"
        assert workbook.properties.lastModifiedBy == "Maillage"
        assert workbook.sheetnames == [sheet]


def test_a_title_with_an_ampersand_prints_as_typed_in_the_page_header(login, member, make_activity):
    activity = make_activity(title="Sport & culture")
    content = login(member).get(url("participants_xlsx", activity)).content
    with zipfile.ZipFile(BytesIO(content)) as archive:
        assert "&amp;CSport &amp;&amp; culture" in archive.read("xl/worksheets/sheet1.xml").decode()
