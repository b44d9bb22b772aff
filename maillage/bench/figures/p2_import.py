"""P2: the absence import of a generated file against PostgreSQL's own `COPY` of the same
rows into the absence table, with its indexes (>= 50 %), and the import's peak memory."""

from __future__ import annotations

import csv
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from maillage.bench.figures.common import peak_growth, timed_rolled_back
from maillage.bench.options import Options
from maillage.bench.results import Row, Target
from maillage.core.crypto import encrypt
from maillage.core.imports import import_file
from maillage.schooling.imports import AbsenceImport
from maillage.schooling.models import Absence, Enrolment, School, SchoolYear
from maillage.schooling.school_years import fwb_bounds

HEADER = [
    "matricule", "nom", "prenom", "date_naissance", "date", "demi_jour", "statut", "motif",
    "annee", "classe",
]  # fmt: skip
STATUSES = [("injustifiée", ""), ("justifiée", "certificat médical"), ("présent", "")]
SYSTEM: Any = None  # the audit log records the system
# The file's words as stored (the import's own parsers say the same, see its tests).
HALVES = {"matin": "am", "après-midi": "pm"}
CODES = {"injustifiée": "unjustified", "justifiée": "justified", "présent": "present"}
COPY_COLUMNS = (
    "organisation_id, enrolment_id, person_id, school_year_id, date, half_day, status, "
    "reason, updated_at"
)


def rows_for(options: Options) -> int:
    return options.import_rows or max(500, round(20_000 * options.scale))


def latest_year_with_pupils(yesterday: date) -> SchoolYear | None:
    """The last school year begun by `yesterday` that has pupils: in the summer holidays, or
    when the data was made some time ago, it is not the year under way (a handful of years,
    one cheap query each)."""
    for year in SchoolYear.objects.filter(starts_on__lte=yesterday).order_by("-starts_on"):
        if Enrolment.objects.filter(school_year=year).exists():
            return year
    return None


def in_school_year(day: date) -> bool:
    for start in (day.year, day.year - 1):
        first, last = fwb_bounds(start)
        if first <= day <= last:
            return True
    return False


def school_days(last: date) -> Iterator[date]:
    """Weekdays of school years, from `last` backwards. A file larger than the year so far
    goes back into earlier years (a school's history: the import enrols its pupils there)."""
    day = last
    while day.year > 1990:
        if day.weekday() < 5 and in_school_year(day):
            yield day
        day -= timedelta(days=1)


def write_file(
    path: Path, rows: int, seed: int
) -> tuple[School, Any, int, dict[str, Enrolment]] | None:
    """A school's export: its enrolled pupils' half-days, school days back from yesterday.
    Returns the school, the receiving organisation, the rows written and the pupils."""
    yesterday = timezone.localdate() - timedelta(days=1)
    year = latest_year_with_pupils(yesterday)
    if year is None:
        return None
    busiest = (
        Enrolment.objects.filter(school_year=year)
        .values("school_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        return None
    enrolments = list(
        Enrolment.objects.filter(school_year=year, school_id=busiest["school_id"])
        .select_related("person", "school", "organisation")
        .order_by("pk")
    )
    rng = random.Random(seed)  # noqa: S311  (synthetic data)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(HEADER)
        for day in school_days(min(yesterday, year.ends_on)):
            if written >= rows:
                break
            for enrolment in enrolments:
                person = enrolment.person
                if person.birth_date is None or person.birth_date >= day:
                    continue
                for half in ("matin", "après-midi"):
                    if written >= rows:
                        break
                    status, reason = rng.choice(STATUSES)
                    out.writerow(
                        [
                            enrolment.matricule,
                            person.last_name,
                            person.first_name,
                            person.birth_date.strftime("%d/%m/%Y"),
                            day.strftime("%d/%m/%Y"),
                            half,
                            status,
                            reason,
                            enrolment.grade or "",
                            enrolment.class_name,
                        ]
                    )
                    written += 1
    first = enrolments[0]
    pupils = {enrolment.matricule: enrolment for enrolment in enrolments}
    return first.school, first.organisation, written, pupils


def run_import(path: Path, school: School, organisation: Any) -> Any:
    return import_file(
        AbsenceImport(),
        path,
        actor=SYSTEM,  # as the nightly command: the system
        organisation=organisation,
        options={"school": school.pk},
        commit=True,
        max_errors=5,
    )


def drop_rejected(path: Path, school: School, organisation: Any) -> int:
    """Remove every line of the pupils the import would hold for a review (a look-alike
    person already on file, or enrolled earlier in the same file): the file measured then
    imports whole. Real imports, rolled back. Returns the lines removed."""
    removed = 0
    for _ in range(4):
        _, trial = timed_rolled_back(
            lambda: import_file(
                AbsenceImport(),
                path,
                actor=SYSTEM,
                organisation=organisation,
                options={"school": school.pk},
                commit=True,
                max_errors=10**9,
            )
        )
        lines = {error.line for error in trial.errors}
        if not lines:
            break
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle, delimiter=";"))
        # Line 1 is the header: the file's line n is table[n - 1].
        bad = {table[n - 1][0] for n in lines if 1 < n <= len(table)}
        kept = [table[0], *(row for row in table[1:] if row[0] not in bad)]
        removed += len(table) - len(kept)
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(kept)
    return removed


def write_copy_rows(
    path: Path, dest: Path, organisation: Any, pupils: dict[str, Enrolment]
) -> None:
    """The file's rows as absence rows, in COPY's text format: every line of the file, its
    pupil's enrolment and person (the enrolment of the year measured: the ids only need the
    right shape), and a reason's ciphertext (a few tokens reused: COPY's cost is their size)."""
    tokens = [encrypt("certificat médical") for _ in range(8)]
    now = timezone.now().isoformat()
    with path.open(encoding="utf-8", newline="") as handle, dest.open("w") as out:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for n, cells in enumerate(reader):
            enrolment = pupils[cells[0]]
            day, month, year = cells[4].split("/")
            reason = tokens[n % len(tokens)] if cells[7] else "\\N"
            out.write(
                f"{organisation.pk}\t{enrolment.pk}\t{enrolment.person_id}\t"
                f"{enrolment.school_year_id}\t{year}-{month}-{day}\t{HALVES[cells[5]]}\t"
                f"{CODES[cells[6]]}\t{reason}\t{now}\n"
            )


def copy_seconds(rows: Path, pupils: dict[str, Enrolment]) -> float:
    """PostgreSQL's own COPY of the same rows into the absence table, with its indexes
    (rolled back). The absences recorded for these pupils are deleted first, untimed, so
    that the rows do not collide with them."""
    with transaction.atomic():
        Absence.objects.filter(enrolment_id__in=[e.pk for e in pupils.values()]).delete()
        with connection.cursor() as cursor:
            began = time.perf_counter()
            raw: Any = cursor.cursor
            sql = f"COPY schooling_absence ({COPY_COLUMNS}) FROM STDIN"
            with raw.copy(sql) as copy, rows.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            elapsed = time.perf_counter() - began
        transaction.set_rollback(True)
    return elapsed


def python_peak_mib(path: Path, school: School, organisation: Any) -> float:
    tracemalloc.start()
    try:
        timed_rolled_back(lambda: run_import(path, school, organisation))
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def memory_row(path: Path, small: Path, written: int, school: School, organisation: Any) -> Row:
    """Peak Python memory of the import of the file against a tenth of it: flat means the
    import streams. Files of less than two batches a tenth say nothing of it."""
    label = f"import: Python peak memory, {written} rows / {written // 10} rows"
    if written // 10 < 2 * AbsenceImport.batch_size:
        return Row(
            "P2",
            label,
            "x",
            skipped=f"needs --import-rows >= {20 * AbsenceImport.batch_size} "
            f"(a tenth of the file must span batches of {AbsenceImport.batch_size})",
        )
    with path.open(encoding="utf-8") as source, small.open("w", encoding="utf-8") as dest:
        for n, line in enumerate(source):
            if n > written // 10:
                break
            dest.write(line)
    big_peak = python_peak_mib(path, school, organisation)
    small_peak = python_peak_mib(small, school, organisation)
    return Row(
        "P2",
        label,
        "x",
        [big_peak / small_peak if small_peak else 0.0],
        Target("at_most", 1.5),
        note=f"tracemalloc peaks {big_peak:.1f} / {small_peak:.1f} MiB; flat is x1",
    )


def run(options: Options, say: Callable[[str], None]) -> list[Row]:
    wanted = rows_for(options)
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as folder:
        path = Path(folder) / "absences.csv"
        made = write_file(path, wanted, options.seed)
        if made is None:
            return [Row("P2", "absence import", "rows/s", skipped="no pupil enrolled")]
        school, organisation, written, pupils = made
        removed = drop_rejected(path, school, organisation)
        written -= removed
        copy_rows = Path(folder) / "absences.copy"
        if connection.vendor == "postgresql":
            write_copy_rows(path, copy_rows, organisation, pupils)
        say(f"  file: {written} rows for {school} ({removed} rows held for review removed)")
        imports: list[float] = []
        copies: list[float] = []
        ratios: list[float] = []
        growth: list[float] = []
        outcome = ""
        for _ in range(options.runs):
            with peak_growth() as grown:
                seconds, result = timed_rolled_back(lambda: run_import(path, school, organisation))
            growth.extend(grown)
            imports.append(written / seconds)
            outcome = (
                f"{result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.rejected} rejected"
            )
            if not result.ok:
                outcome += f" (NOT imported: {'; '.join(map(str, result.errors[:1]))})"
            if connection.vendor == "postgresql":
                copied = copy_seconds(copy_rows, pupils)
                copies.append(written / copied)
                ratios.append(copied / seconds)
        rows = [
            Row(
                "P2",
                f"absence import ({written} rows, rolled back)",
                "rows/s",
                imports,
                note=f"{outcome}; {removed} rows of pupils held for review left out",
            )
        ]
        if connection.vendor == "postgresql":
            rows += [
                Row(
                    "P2",
                    "PostgreSQL COPY of the same rows into the absence table",
                    "rows/s",
                    copies,
                    note="its indexes and constraints; the pupils' absences deleted first, untimed",
                ),
                Row(
                    "P2",
                    "absence import / COPY",
                    "x",
                    ratios,
                    Target("at_least", 0.5),
                    note="same rows, same run",
                ),
            ]
        else:
            rows.append(
                Row(
                    "P2",
                    "absence import / COPY",
                    "x",
                    skipped=f"skipped on {connection.vendor}: COPY is PostgreSQL's",
                )
            )
        rows.append(
            Row(
                "P2",
                "import: growth of the process's peak RSS (getrusage)",
                "MiB",
                growth,
                note="0 when the import stayed under an earlier peak (the seeding, say)",
            )
        )
        rows.append(memory_row(path, Path(folder) / "tenth.csv", written, school, organisation))
    return rows
