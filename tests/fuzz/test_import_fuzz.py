"""Every import spec, fed whatever a user might bring: it never raises, and a file that is not
committed writes nothing.

The specs are found by walking `ImportSpec.__subclasses__()` once every app's `imports`
module is loaded, so a new spec is fuzzed as soon as it exists (and this test fails, naming
it, until `SETUPS` says which options and user it imports with).

Inputs: random bytes (named .csv or .xlsx), valid CSV files whose header comes from the spec's
columns, in five encodings and four delimiters, with cells mutated into huge strings, control
characters, NUL bytes, malformed or ambiguous dates and numbers where text is expected; real
XLSX workbooks with such cells, and damaged ones. Each example runs in a savepoint rolled back
afterwards, so examples don't depend on each other.

The examples are few by default (CI runs every test on two databases). To fuzz longer:

    MAILLAGE_FUZZ_EXAMPLES=2000 python3 -m uv run pytest tests/fuzz -p no:cacheprovider

Hypothesis is derandomised so CI is deterministic; set `MAILLAGE_FUZZ_EXAMPLES` to explore.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from maillage.core.imports import import_file
from maillage.core.imports_jobs import run_preview
from maillage.core.imports_spec import ImportSpec
from maillage.core.models import Job, Organisation, OrganisationKind, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.schooling.models import School
from maillage.schooling.school_years import school_year_of
from tests.fuzz.rows import changed, domain_counts, examples

pytestmark = pytest.mark.django_db


def all_specs() -> list[type[ImportSpec]]:
    autodiscover_modules("imports")
    found: list[type[ImportSpec]] = []
    todo = list(ImportSpec.__subclasses__())
    while todo:
        spec = todo.pop()
        # The product's specs, not those other test modules define for their own tests.
        if spec.__module__.startswith("maillage."):
            found.append(spec)
        todo.extend(spec.__subclasses__())
    return sorted(found, key=lambda spec: spec.kind)


# --- What each spec needs to run: a user, the organisation, the options, its upload page ---


def _absences(env: dict[str, Any]) -> tuple[dict[str, Any], str, dict[str, Any]]:
    school_year_of(2025)  # dates of the 2025-2026 school year exist
    school = School.objects.create(
        organisation=env["make_org"]("Athénée Exemple", OrganisationKind.SCHOOL),
        fwb_number="1234",
    )
    return {"school": school.pk}, "schooling:absence_import", {"school": school.pk}


def _services(env: dict[str, Any]) -> tuple[dict[str, Any], str, dict[str, Any]]:
    return {}, "directory:service_import", {}


# spec.kind → (env) → (options of import_file, upload URL name, extra POST data)
SETUPS: dict[str, Callable[[dict[str, Any]], tuple[dict[str, Any], str, dict[str, Any]]]] = {
    "schooling.absence": _absences,
    "directory.service": _services,
}
SPECS = all_specs()


def test_every_import_spec_is_fuzzed() -> None:
    assert {spec.kind for spec in SPECS} <= set(SETUPS), "add the new spec to SETUPS"
    assert {"schooling.absence", "directory.service"} <= {spec.kind for spec in SPECS}


@pytest.fixture(params=SPECS, ids=[spec.kind for spec in SPECS])
def case(
    request: pytest.FixtureRequest,
    make_org: Callable[..., Organisation],
    make_user: Callable[..., User],
    org_a: Organisation,
    commune: Any,
    settings: Any,
    tmp_path: Path,
) -> dict[str, Any]:
    settings.PRIVATE_ROOT = tmp_path / "private"
    spec_class: type[ImportSpec] = request.param
    user = make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")
    options, url, post = SETUPS[spec_class.kind]({"make_org": make_org})
    # As the job that runs an import does.
    bind_organisation(user, org_a.pk, frozenset({Role.COORDINATOR}))
    return {
        "spec": spec_class(),
        "user": user,
        "org": org_a,
        "options": options,
        "url": url,
        "post": post,
        "dir": tmp_path,
    }


# --- The inputs ---

BAD_DATES = ["31/02/2025", "2025-13-01", "00/00/0000", "1/1/1", "29/02/2025", "32/01/2026",
             "2025-02-30", "9999-99-99", "01/01/10000", "0001-01-01", "1e10", "-1/-1/-1",
             "06/10/2025 25:61", "2025-10-06T12:00:00+99:00", "٠٦/١٠/٢٠٢٥",
             "６/１０/２０２５"]  # fmt: skip
BAD_NUMBERS = ["-1", "1e308", "NaN", "inf", "-0", "99999999999999999999999", "0x1F", "1,5,6",
               "١٢", "½", "3ème", "12.000,5", "1_000"]  # fmt: skip
NASTY = ["\x00", "\x00" * 50, "\u202e\u202d", "\ufeff", "\r", "\n", '"', '";"', "\x1b[31m",
         "\ud7ff\U0010ffff", "=cmd|' /C calc'!A0", "Robert'); DROP TABLE x;--", "\t\t"]  # fmt: skip


def cell_values() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(BAD_DATES),
        st.sampled_from(BAD_NUMBERS),
        st.sampled_from(NASTY),
        st.integers(min_value=1, max_value=300_000).map(lambda n: "é" * n),
        st.text(max_size=40),
        st.integers().map(str),
        st.floats(allow_nan=True).map(str),
        st.just(""),
    )


@st.composite
def table(draw: st.DrawFn, spec: ImportSpec) -> list[list[str]]:
    """A header from the spec's columns (all required ones, some others, maybe a stranger)
    and a few lines made from its examples with some cells mutated."""
    names = [column.name for column in spec.columns]
    required = [column.name for column in spec.columns if column.required]
    optional = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    header = list(dict.fromkeys([*required, *optional]))
    header = draw(st.permutations(header))
    if draw(st.booleans()):
        header = [*header, draw(st.sampled_from(["", "inconnue", "matricule", "\x00"]))]
    base = list(spec.example_rows) or [{}]
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        example = draw(st.sampled_from(base))
        line = [example.get(name, "") for name in header]
        for index in draw(st.lists(st.integers(0, len(header) - 1), max_size=len(header))):
            line[index] = draw(cell_values())
        if draw(st.integers(0, 9)) == 0:
            line.append(draw(cell_values()))  # more cells than the header
        lines.append(line)
    return [header, *lines]


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        # openpyxl refuses control characters in cells; Excel could not write them either.
        sheet.append(
            [
                "".join(ch for ch in v if ch >= " " or ch in "\t\n")[:32_000]
                if isinstance(v, str)
                else v
                for v in row
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def damaged(content: bytes, cuts: list[int]) -> bytes:
    """A workbook with a few bytes flipped inside its zip (past the first header)."""
    data = bytearray(content)
    for cut in cuts:
        data[10 + cut % (len(data) - 10)] ^= 0xFF
    return bytes(data)


def xlsx_typed_cells() -> st.SearchStrategy[Any]:
    return st.one_of(
        cell_values(),
        st.datetimes(min_value=datetime(1900, 1, 1)),
        st.dates(min_value=date(1900, 1, 1)),
        st.integers(min_value=-(2**62), max_value=2**62),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
    )


@st.composite
def upload(draw: st.DrawFn, spec: ImportSpec) -> tuple[str, bytes]:
    """(file name, content) of one of the kinds of files above."""
    kind = draw(st.sampled_from(["bytes", "csv", "csv", "csv", "cut", "xlsx", "damaged"]))
    if kind == "bytes":
        name = draw(st.sampled_from(["f.csv", "f.xlsx", "f.txt"]))
        prefix = draw(st.sampled_from([b"", b"PK\x03\x04", b"\xff\xfe", b"\xef\xbb\xbf"]))
        return name, prefix + draw(st.binary(max_size=2000))
    rows = draw(table(spec))
    if kind in {"csv", "cut"}:
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"]))
        delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
        content = csv_bytes(rows, encoding, delimiter)
        if kind == "cut":  # a download cut short, or a stray byte in the middle
            at = draw(st.integers(3, max(3, len(content))))
            content = content[:at] + draw(st.sampled_from([b"", b"\x00", b"\xff", b"\xd8"]))
        return "f.csv", content
    typed: list[list[Any]] = [rows[0]]
    for row in rows[1:]:
        typed.append([draw(st.one_of(st.just(v), xlsx_typed_cells())) for v in row])
    content = xlsx_bytes(typed)
    if kind == "damaged":
        content = damaged(content, draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=4)))
    return "f.xlsx", content


FUZZ = settings(
    max_examples=examples(30),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    phases=[Phase.explicit, Phase.generate],
)


def check_import(case: dict[str, Any], name: str, content: bytes) -> None:
    path: Path = case["dir"] / name
    path.write_bytes(content)
    with transaction.atomic():
        before = domain_counts()
        result = import_file(
            case["spec"],
            path,
            actor=case["user"],
            organisation=case["org"],
            options=case["options"],
            commit=True,
        )
        after = domain_counts()
        transaction.set_rollback(True)
    messages = result.error_lines()
    assert all(isinstance(m, str) and m.strip() for m in messages), messages
    if not result.committed:
        assert messages, "a refused file says why"
        assert not changed(before, after), f"partial write: {changed(before, after)}"


def test_an_import_never_raises_and_writes_all_or_nothing(case: dict[str, Any]) -> None:
    @FUZZ
    @given(st.data())
    def run(data: st.DataObject) -> None:
        name, content = data.draw(upload(case["spec"]))
        check_import(case, name, content)

    run()


def test_the_example_file_of_every_spec_imports(case: dict[str, Any]) -> None:
    """The fuzz above starts from the spec's examples: they must be a file that commits."""
    spec = case["spec"]
    names = [column.name for column in spec.columns]
    rows = [names, *([e.get(n, "") for n in names] for e in spec.example_rows)]
    path: Path = case["dir"] / "example.csv"
    path.write_bytes(csv_bytes(rows, "utf-8", ";"))
    result = import_file(
        spec, path, actor=case["user"], organisation=case["org"], options=case["options"],
        commit=True,
    )  # fmt: skip
    assert result.committed, result.error_lines()
    assert result.rows == len(spec.example_rows)


def test_the_upload_page_never_answers_500(case: dict[str, Any], client: Any) -> None:
    client.force_login(case["user"])

    @settings(FUZZ, max_examples=examples(4))
    @given(st.data())
    def run(data: st.DataObject) -> None:
        name, content = data.draw(upload(case["spec"]))
        with transaction.atomic():
            before = domain_counts()
            response = client.post(
                reverse(case["url"]), {**case["post"], "file": SimpleUploadedFile(name, content)}
            )
            assert response.status_code < 500
            for job in Job.objects.filter(kind="core.import_preview"):
                run_preview.call(job_id=str(job.pk))  # the check the upload queued
                job.refresh_from_db()
                page = client.get(reverse("core:job", args=[job.pk]))
                assert page.status_code < 500
                if "next" in job.params:
                    assert client.get(job.params["next"]).status_code < 500
            if response.status_code == 200:
                assert not changed(before, domain_counts())
            transaction.set_rollback(True)

    run()


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe" + "nom;theme\r\nA;sport\r\n".encode("utf-16-le") + b"\x00",  # cut short
        b"\xff\xfe" + "nom;theme\r\n".encode("utf-16-le") + b"\x00\xd8A\x00",  # lone surrogate
        b"\xef\xbb\xbfnom;theme\r\nA;sport\xff\r\n",  # a UTF-8 BOM, then a cp1252 byte
    ],
    ids=["utf-16-odd-length", "utf-16-lone-surrogate", "utf-8-bom-invalid-byte"],
)
def test_a_file_damaged_after_its_byte_order_mark_is_refused_with_a_message(
    case: dict[str, Any], client: Any, content: bytes
) -> None:
    """Found by this fuzz: the encoding announced by a BOM was trusted without checking the
    rest of the file, so the import raised UnicodeDecodeError (a 500 on the upload page)."""
    check_import(case, "f.csv", content)
    client.force_login(case["user"])
    response = client.post(
        reverse(case["url"]), {**case["post"], "file": SimpleUploadedFile("f.csv", content)}
    )
    assert response.status_code < 500
    for job in Job.objects.filter(kind="core.import_preview"):
        run_preview.call(job_id=str(job.pk))
        job.refresh_from_db()
        assert job.params["result"]["file_errors"], job.params["result"]


def test_a_workbook_whose_sheet_is_damaged_is_refused_with_a_message(
    case: dict[str, Any], client: Any
) -> None:
    """Found by this fuzz: a read-only workbook parses its sheet lazily, so a damaged sheet
    raised ParseError from inside the import instead of being reported as a bad file."""
    spec = case["spec"]
    good = xlsx_bytes([[column.name for column in spec.columns]])
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row r='2'><c r='A2' t='s'><\x01")
            target.writestr(item, data)
    check_import(case, "f.xlsx", buffer.getvalue())
    client.force_login(case["user"])
    upload = SimpleUploadedFile("f.xlsx", buffer.getvalue())
    assert client.post(reverse(case["url"]), {**case["post"], "file": upload}).status_code < 500
