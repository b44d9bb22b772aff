"""Absences pushed through the API go through the import pipeline of absence files: the
same parsers, checks, natural key and upserts as a school's file (`AbsenceImport`), so a
row refused in a file is refused here with the same French message, and a row sent twice
writes nothing the second time.

The rows come as a table whose header is the spec's column names and whose line numbers
are the rows' positions (1 for the first), so the messages that name a line ("line 3 gives
this pupil number another name") name the row.
"""

from __future__ import annotations

from typing import Any

from maillage.core.imports import import_table
from maillage.core.imports_files import Cell, Table
from maillage.core.imports_spec import ImportResult
from maillage.core.models import Organisation, User
from maillage.schooling.imports import AbsenceImport
from maillage.schooling.models import School

COLUMNS = [column.name for column in AbsenceImport.columns]


def _table(rows: list[dict[str, Any]]) -> Table:
    body: list[tuple[int, list[Cell]]] = [
        (index, [row.get(name) for name in COLUMNS]) for index, row in enumerate(rows, start=1)
    ]
    return Table(header=list(COLUMNS), rows=iter(body), info={"format": "json"})


def absences_push(
    *, actor: User, organisation: Organisation, school: School, rows: list[dict[str, Any]]
) -> ImportResult:
    """Import the rows all or nothing; the result's `errors` say which rows were refused."""
    return import_table(
        AbsenceImport(),
        _table(rows),
        actor=actor,
        organisation=organisation,
        options={"school": school.pk},
        commit=True,
        # Every refused cell is reported: the caller fixes them all in one go.
        max_errors=len(rows) * len(COLUMNS) + 1,
    )
