"""The documents module: the one guard against formulas in every CSV and workbook cell, the
sheets' names, the workbooks' properties, and the tagged PDF. Files are written, then read
back with the csv module, openpyxl and pypdf."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.core import documents
from tests.documents import FORMULAS, assert_tagged_pdf, struct_elements

PLAIN = (
    "Nora",
    "0470 11 22 33",
    "+32 2 123 45 67",  # a phone number stays readable: it cannot call anything
    "-4,35",
    "-",
    "",
    "foo@example.org",
    "19,00 %",
    "1-2",
    "Test | Foo",
    "Tante, 0470 99 88 77",
    "+++000/0000/00101+++",  # a structured communication, copied into the bank's form
    "***000/0000/00101***",
)


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_a_spreadsheet_would_run_gets_a_quote_in_front(text):
    assert documents.defuse(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        "-Sous-sol",
        "|cmd",
        "%1",
        " =1+1",
        "\n=1+1",
        "\u00a0@A1",
        "＋1",
        "－1",
        "＠A1",
        "+++000/0000/00101+++=1",  # only a whole structured communication is left alone
        "+++000/0000/00101***",
    ],
)
def test_other_starts_that_some_program_runs_are_quoted_too(text):
    assert documents.defuse(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_and_numbers_written_as_text_are_left_alone(text):
    assert documents.defuse(text) == text


def test_the_guard_is_applied_once_however_often_a_cell_passes_through_it():
    once = documents.spreadsheet_text("=1+1")
    assert documents.spreadsheet_text(once) == once == "'=1+1"


ROW = [*FORMULAS, -5, Decimal("-2.50"), date(2025, 3, 1), "Nora", None]


def read_csv(content: bytes, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_a_csv_quotes_formulas_and_leaves_numbers_and_dates_as_values():
    [row] = read_csv(documents.csv_bytes([ROW]))
    for text, cell in zip(FORMULAS, row, strict=False):
        assert cell == "'" + text
    assert row[len(FORMULAS) :] == ["-5", "-2.50", "2025-03-01", "Nora", ""]


def test_the_csv_writer_guards_a_stream_too():
    out = io.StringIO()
    writer = documents.CsvWriter(out, delimiter=",")
    writer.writerow(["=1+1", -1])
    writer.writerows([["@A1", "ok"]])
    assert read_csv(out.getvalue().encode(), ",") == [["'=1+1", "-1"], ["'@A1", "ok"]]


def test_the_csv_file_opens_in_a_belgian_excel():
    content = documents.csv_bytes([["a", "b"], ["c", "d"]])
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig") == "a;b\r\nc;d\r\n"


def workbook_bytes(fill) -> bytes:
    workbook = documents.new_workbook("Essai")
    fill(documents.add_sheet(workbook, "Feuille"))
    return documents.xlsx_bytes(workbook)


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_a_workbook_holds_formulas_as_quoted_text_and_numbers_and_dates_as_values():
    content = workbook_bytes(lambda sheet: documents.append_row(sheet, ROW))
    sheet = load_workbook(io.BytesIO(content)).active
    cells = list(sheet[1])
    for text, cell in zip(FORMULAS, cells, strict=False):
        assert cell.data_type == "s"
        # openpyxl reads a lone CR back as a line feed: what matters is the quote in front.
        assert cell.value == "'" + text.replace("\r", "\n")
    numbers = cells[len(FORMULAS) :]
    assert numbers[0].value == -5 and numbers[0].data_type == "n"
    assert numbers[1].value == -2.5 and numbers[1].data_type == "n"
    assert numbers[2].value == datetime(2025, 3, 1)  # a date cell, not text
    assert numbers[3].value == "Nora"
    assert "<f>" not in sheet_xml(content)


def test_a_formula_written_around_the_guard_still_leaves_as_text():
    def fill(sheet):
        sheet["A1"] = '=HYPERLINK("http://x","y")'  # straight into openpyxl
        sheet.cell(row=2, column=1, value="@SUM(A1)")

    content = workbook_bytes(fill)
    assert "<f>" not in sheet_xml(content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == '\'=HYPERLINK("http://x","y")'
    assert sheet["A2"].value == "'@SUM(A1)"


def test_the_csv_and_the_workbook_of_the_same_row_agree():
    row = [text for text in FORMULAS if "\r" not in text] + list(PLAIN)
    [from_csv] = read_csv(documents.csv_bytes([row]))
    content = workbook_bytes(lambda sheet: documents.append_row(sheet, row))
    from_xlsx = [c.value or "" for c in load_workbook(io.BytesIO(content)).active[1]]
    assert from_csv == from_xlsx


def test_characters_a_workbook_cannot_hold_are_dropped_instead_of_failing():
    row = ["Nora\x0bLambert", "Théo\x00", "ok\ufffe"]
    content = workbook_bytes(lambda sheet: documents.append_row(sheet, row))
    assert [c.value for c in load_workbook(io.BytesIO(content)).active[1]] == [
        "NoraLambert",
        "Théo",
        "ok",
    ]
    assert read_csv(documents.csv_bytes([row])) == [["NoraLambert", "Théo", "ok"]]


def test_a_time_with_its_zone_is_written_in_local_time():
    moment = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    content = workbook_bytes(lambda sheet: documents.put(sheet, 1, 1, moment))
    value = load_workbook(io.BytesIO(content)).active["A1"].value
    assert value == timezone.localtime(moment).replace(tzinfo=None)


def test_a_lazy_translation_is_written_as_its_text():
    content = workbook_bytes(lambda sheet: documents.put(sheet, 1, 1, gettext_lazy("Total")))
    assert load_workbook(io.BytesIO(content)).active["A1"].value == "Total"


def test_a_workbook_is_titled_and_made_by_maillage():
    content = workbook_bytes(lambda sheet: documents.put(sheet, 1, 1, 1))
    properties = load_workbook(io.BytesIO(content)).properties
    assert properties.title == "Essai"
    assert properties.creator == "Maillage"
    assert properties.lastModifiedBy == "Maillage"
    assert properties.language == "fr-BE"


def test_a_page_header_prints_an_ampersand_as_typed():
    content = workbook_bytes(lambda sheet: documents.page_header(sheet, "Sport & culture"))
    # `&&` is how a header spells one `&`; a lone `&c` would switch to the centre section.
    assert "&amp;CSport &amp;&amp; culture" in sheet_xml(content)


# --- Sheet names ---


def test_a_long_name_is_cut_after_a_word_with_an_ellipsis():
    name = documents.sheet_name("Accompagnement individuel et familial des jeunes")
    assert name == "Accompagnement individuel et…"
    assert len(name) <= 31


def test_a_single_long_word_is_cut_inside_it():
    name = documents.sheet_name("A" * 40)
    assert name == "A" * 30 + "…"


def test_characters_excel_refuses_become_readable_ones():
    assert documents.sheet_name("Budget 2024/2025") == "Budget 2024-2025"
    assert documents.sheet_name("Santé : prévention [jeunes]?*") == "Santé prévention (jeunes)"
    assert documents.sheet_name("'Entre quotes'") == "Entre quotes"
    assert documents.sheet_name("a\\b") == "a-b"


def test_an_empty_or_reserved_name_gets_one_excel_accepts():
    with translation.override("fr"):
        assert documents.sheet_name("  ") == "Feuille"
    assert documents.sheet_name("History") == "History (2)"


def test_names_are_unique_without_regard_to_case():
    assert documents.sheet_name("Synthèse", ["SYNTHÈSE"]) == "Synthèse (2)"
    assert documents.sheet_name("Synthèse", ["Synthèse", "Synthèse (2)"]) == "Synthèse (3)"
    long = "Accompagnement individuel et familial des jeunes"
    first = documents.sheet_name(long)
    second = documents.sheet_name(long, [first])
    assert second == "Accompagnement individuel… (2)"
    assert len(second) <= 31


def test_an_emoji_counts_twice_as_excel_counts_it():
    name = documents.sheet_name("🎨" * 20)
    assert len(name.encode("utf-16-le")) // 2 <= 31


def test_sheets_named_from_awkward_titles_open_with_their_names(recwarn):
    titles = ["Synthèse", "synthèse", "Santé : prévention / 2024-2025 [test]?", "x" * 50] * 2
    workbook = documents.new_workbook("Essai")
    for title in titles:
        documents.add_sheet(workbook, title)
    names = load_workbook(io.BytesIO(documents.xlsx_bytes(workbook))).sheetnames
    assert len({n.lower() for n in names}) == len(titles)
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert not [w for w in recwarn if "31 characters" in str(w.message)]


# --- PDF ---

PAGE = """<!DOCTYPE html><html lang="fr-BE"><head><meta charset="utf-8"><title>t</title></head>
<body><h1>Titre</h1><p>Texte</p><h2>Partie</h2>
<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>
{extra}</body></html>"""


def test_a_pdf_is_tagged_with_its_language_and_title():
    content = documents.pdf_from_html(PAGE.format(extra=""), title="Rapport — essai")
    reader = assert_tagged_pdf(content, title="Rapport — essai")
    assert reader.metadata is not None and reader.metadata.creator == "Maillage"


def test_a_pdf_without_a_title_is_refused():
    with pytest.raises(ValueError):
        documents.pdf_from_html(PAGE.format(extra=""), title=" ")


def test_a_pdf_reads_nothing_from_the_disk_or_the_network(tmp_path: Path):
    from PIL import Image

    picture = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    extra = (
        f'<img src="{picture.as_uri()}" alt="secret"><img src="http://127.0.0.1:9/x.png" alt="x">'
    )
    content = documents.pdf_from_html(PAGE.format(extra=extra), title="Essai")
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page.get("/Resources", {})
        assert "/XObject" not in resources or not any(
            x.get_object().get("/Subtype") == "/Image" for x in resources["/XObject"].values()
        )


def test_an_image_given_inline_is_drawn_with_its_alternative():
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8Bg"
        "AAMBAQAYqK3PAAAAAElFTkSuQmCC"
    )
    content = documents.pdf_from_html(
        PAGE.format(extra=f'<img src="{pixel}" alt="Logo">'), title="Essai"
    )
    assert_tagged_pdf(content, title="Essai")
    figures = [e for e in struct_elements(PdfReader(io.BytesIO(content))) if e["/S"] == "/Figure"]
    assert [str(f["/Alt"]) for f in figures] == ["Logo"]


# --- Through the product: the audit log's CSV export ---


@pytest.mark.django_db
def test_the_audit_export_quotes_what_someone_typed(login, dpo, member, org_a):
    from django.urls import reverse

    from maillage.core.audit import audit_log
    from maillage.core.jobs import export_audit_log, private_path
    from maillage.core.models import Job

    for text in FORMULAS:
        audit_log(
            actor=member, action="core.membership.created", organisation=org_a, target_label=text
        )
    client = login(dpo)
    client.post(reverse("core:audit_export"), {"action": "core.membership"})
    job = Job.objects.get()
    export_audit_log.call(job_id=str(job.pk))  # what the worker runs, here at once
    download = client.get(reverse("core:job_download", args=[job.pk]))
    rows = read_csv(b"".join(download.streaming_content))
    assert sorted(row[4] for row in rows[1:]) == sorted("'" + text for text in FORMULAS)
    job.refresh_from_db()
    private_path(job.result_file).unlink()


# --- One module writes them all ---

WRITERS = re.compile(
    r"csv\.(writer|DictWriter)\(|\bWorkbook\(|write_pdf\(|weasyprint\.HTML\(|\.save\(\s*(buffer|out)\b"
)


def test_no_file_is_written_outside_the_documents_module():
    """A CSV, workbook or PDF made elsewhere would skip the guard or the tags."""
    root = Path(documents.__file__).resolve().parents[1]
    offenders = [
        f"{path.relative_to(root.parent)}:{number}"
        for path in root.rglob("*.py")
        if path.name != "documents.py" or path.parent.name != "core"
        # The bench writes the synthetic school export it feeds to the import (P2): test
        # input that never leaves the machine, like a test's own file.
        if "bench" not in path.relative_to(root).parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WRITERS.search(line)
    ]
    assert offenders == []
