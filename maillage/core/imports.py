"""The shared import pipeline: one way to bring a CSV or XLSX file into the database.

An app describes its file with an `ImportSpec` (columns with their parsers, a natural key, a
set-based `apply`), and `import_file` does the rest: it streams the rows (`imports_files`),
matches the headers, parses the cells (`imports_parsers`), rejects bad rows with French
messages naming the line and the column, counts repeated rows once, and either previews
(dry run: nothing written) or commits, atomically: when any row is rejected nothing is
written. Re-importing the same file changes nothing, since `apply` upserts on the key.
Background runs with progress are in `imports_jobs.py`, the pages in `imports_views.py`.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.imports_files import Cell, FileProblem, Table, cell_text, open_table
from maillage.core.imports_parsers import CellError, normalise
from maillage.core.imports_spec import (
    MAX_ERRORS,
    PREVIEW_ROWS,
    Column,
    Counts,
    ImportContext,
    ImportResult,
    ImportSpec,
    Row,
    RowError,
)
from maillage.core.imports_sql import SetRun, set_based_applies
from maillage.core.models import Organisation, User


class _Refused(Exception):
    """Raised inside the commit's transaction to undo it."""


def match_header(spec: ImportSpec, header: Sequence[Cell]) -> tuple[dict[int, Column], list[str]]:
    """Map the file's column positions to the spec's columns, or say what is wrong."""
    by_spelling: dict[str, Column] = {}
    for column in spec.columns:
        for spelling in column.spellings():
            by_spelling.setdefault(spelling, column)
    positions: dict[int, Column] = {}
    seen: dict[str, str] = {}
    problems: list[str] = []
    for index, raw in enumerate(header):
        title = cell_text(raw)
        if not normalise(title):
            continue  # an unnamed column (Excel often keeps a few blank ones)
        found = by_spelling.get(normalise(title))
        if found is None:
            problems.append(_("Unknown column “%(column)s”.") % {"column": title[:60]})
        elif found.name in seen:
            problems.append(
                _("The columns “%(first)s” and “%(second)s” are the same column: keep one.")
                % {"first": seen[found.name], "second": title[:60]}
            )
        else:
            seen[found.name] = title[:60]
            positions[index] = found
    for column in spec.columns:
        if column.required and column.name not in seen:
            problems.append(_("The column “%(column)s” is missing.") % {"column": column.name})
    if problems:
        expected = ", ".join(column.name for column in spec.columns)
        problems.append(_("The expected columns are: %(columns)s.") % {"columns": expected})
    return positions, problems


# Distinct cell texts remembered per column: a school's export repeats its dates, names and
# codes on every line, and parsing them again was most of an import's time (issue 8, P2).
# Bounded, so memory stays flat whatever the file's size.
MEMO_SIZE = 20_000


def _parse(
    positions: dict[int, Column],
    spec: ImportSpec,
    line: int,
    cells: list[Cell],
    headers: dict[str, str],
    width: int,
    memo: dict[str, dict[str, Any]],
) -> tuple[Row, list[RowError]]:
    values: dict[str, Any] = {column.name: column.default for column in spec.columns}
    texts: dict[str, str] = {}
    errors: list[RowError] = []
    for index, column in positions.items():
        value = cells[index] if index < len(cells) else None
        texts[column.name] = cell_text(value)
        if not texts[column.name]:
            if column.required:
                errors.append(RowError(line, headers[column.name], _("This value is required.")))
            continue
        known = memo.setdefault(column.name, {})
        # Only text cells: a parser's result depends on the cell's type (XLSX dates, numbers).
        parsed = known.get(value, _UNSEEN) if type(value) is str else _UNSEEN
        if parsed is _UNSEEN:
            try:
                parsed = column.parser(value)
            except CellError as exc:
                parsed = exc
            if type(value) is str:
                if len(known) >= MEMO_SIZE:
                    known.clear()
                known[value] = parsed
        if isinstance(parsed, CellError):
            errors.append(RowError(line, headers[column.name], str(parsed)))
        else:
            values[column.name] = parsed
    if any(cell_text(cell) for cell in cells[width:]):
        errors.append(RowError(line, "", _("This line has more cells than the header.")))
    return Row(line, values, texts), errors


_UNSEEN = object()


def _digest(value: Any) -> bytes:
    return hashlib.blake2b(repr(value).encode(), digest_size=8).digest()


class _Run:
    """One pass over a file: parse, deduplicate, check and apply batch by batch."""

    def __init__(
        self, spec: ImportSpec, context: ImportContext, *, write: bool, max_errors: int
    ) -> None:
        self.spec, self.context, self.write = spec, context, write
        self.max_errors = max_errors
        self.result = ImportResult()
        self.keys: dict[bytes, tuple[int, bytes]] = {}
        self.memo: dict[str, dict[str, Any]] = {}
        # The errors of the first lines, in the file's order whatever the order they are
        # found in (a batch's checks come after its cells'): a bounded heap, largest first.
        self._errors: list[tuple[int, int, RowError]] = []
        self._found = 0

    def error(self, error: RowError) -> None:
        self._found += 1
        entry = (-error.line, -self._found, error)
        if len(self._errors) < self.max_errors:
            heapq.heappush(self._errors, entry)
        elif self.max_errors and entry > self._errors[0]:
            heapq.heapreplace(self._errors, entry)

    def run(self, table: Table, progress: Callable[[int], None] | None) -> ImportResult:
        try:
            return self._run(table, progress)
        finally:
            self.result.errors = [error for *_order, error in sorted(self._errors, reverse=True)]

    def _run(self, table: Table, progress: Callable[[int], None] | None) -> ImportResult:
        result, spec = self.result, self.spec
        result.info = table.info
        positions, problems = match_header(spec, table.header)
        if problems:
            raise FileProblem(*problems)
        headers = {
            column.name: cell_text(table.header[index]) for index, column in positions.items()
        }
        self.context.headers = headers
        result.columns = [column.name for column in spec.columns if column.name in headers]
        batch: list[Row] = []
        for line, cells in table.rows:
            if not any(cell_text(cell) for cell in cells):
                continue
            result.rows += 1
            row, errors = _parse(
                positions, spec, line, cells, headers, len(table.header), self.memo
            )
            if errors:
                result.rejected += 1
                for error in errors:
                    self.error(error)
                continue
            if self._repeated(row):
                continue
            batch.append(row)
            if len(batch) >= spec.batch_size:
                self._flush(batch)
                batch = []
                if progress:
                    progress(result.rows)
        self._flush(batch)
        if progress:
            progress(result.rows)
        return result

    def _repeated(self, row: Row) -> bool:
        """Count an identical repeated row once; reject a repeated key with other values."""
        key = _digest(self.spec.key(row.values))
        content = _digest(sorted(row.values.items()))
        seen = self.keys.get(key)
        if seen is None:
            self.keys[key] = (row.line, content)
            return False
        if seen[1] == content:
            self.result.duplicates += 1
            return True
        self.result.rejected += 1
        self.error(
            RowError(
                row.line,
                "",
                _("This line describes the same entry as line %(line)s, with other values.")
                % {"line": seen[0]},
            )
        )
        return True

    def _flush(self, batch: list[Row]) -> None:
        if not self.spec.keys_across_batches:
            self.keys.clear()
        if not batch:
            return
        self.context._rejected.clear()
        self.spec.check(self.context, batch)
        rejected = self.context._rejected
        if rejected:
            self.result.rejected += len(rejected)
            for errors in rejected.values():
                for error in errors:
                    self.error(error)
            batch = [row for row in batch if row.line not in rejected]
        for row in batch[: PREVIEW_ROWS - len(self.result.preview)]:
            self.result.preview.append([row.cells.get(name, "") for name in self.result.columns])
        # Once a row is rejected the commit will be undone: stop writing, keep counting.
        write = self.write and not self.result.rejected
        counts = Counts(self.result.created, self.result.updated, self.result.unchanged)
        counts.add(self.spec.apply(self.context, batch, write=write))
        self.result.created, self.result.updated, self.result.unchanged = (
            counts.created,
            counts.updated,
            counts.unchanged,
        )


def import_file(
    spec: ImportSpec,
    path: Path,
    *,
    actor: User,
    organisation: Organisation,
    options: dict[str, Any] | None = None,
    commit: bool = False,
    progress: Callable[[int], None] | None = None,
    max_errors: int = MAX_ERRORS,
    state: dict[str, Any] | None = None,
    set_based: bool = True,
) -> ImportResult:
    """Preview (`commit=False`: nothing written) or import a file, all or nothing.

    The commit runs in one transaction: if any row is rejected it is undone, and the
    result says so (`committed` stays False). Each commit, done or refused, writes one audit
    entry with the counts. Bad files give `file_errors`, never an exception.
    `progress` is called with the rows read so far after each batch; `max_errors` bounds the
    errors kept (a command line may want them all); `state`, if given, is the dict the spec
    keeps between batches, for the caller to read afterwards (say, the records it touched).
    A CSV file on PostgreSQL takes the set-based path of `imports_sql` when the spec has one
    (`set_based=False` forbids it: the tests compare the two paths).
    """
    context = _context(actor, organisation, options, state)
    run: _Run | SetRun
    if set_based and set_based_applies(spec, path):
        run = SetRun(spec, context, path=path, write=commit, max_errors=max_errors)
    else:
        run = _Run(spec, context, write=commit, max_errors=max_errors)
    return _import(
        spec, lambda: open_table(path), run=run, context=context, commit=commit, progress=progress
    )


def import_table(
    spec: ImportSpec,
    table: Table,
    *,
    actor: User,
    organisation: Organisation,
    options: dict[str, Any] | None = None,
    commit: bool = False,
    max_errors: int = MAX_ERRORS,
) -> ImportResult:
    """`import_file` for rows that arrive without a file (an API call): the same parsers,
    checks, all-or-nothing commit and audit entry."""
    context = _context(actor, organisation, options, None)
    return _import(
        spec,
        lambda: nullcontext(table),
        run=_Run(spec, context, write=commit, max_errors=max_errors),
        context=context,
        commit=commit,
        progress=None,
    )


def _context(
    actor: User,
    organisation: Organisation,
    options: dict[str, Any] | None,
    state: dict[str, Any] | None,
) -> ImportContext:
    context = ImportContext(actor=actor, organisation=organisation, options=options or {})
    if state is not None:
        context.state = state
    return context


def _import(
    spec: ImportSpec,
    opened: Callable[[], AbstractContextManager[Table]],
    *,
    run: _Run | SetRun,
    context: ImportContext,
    commit: bool,
    progress: Callable[[int], None] | None,
) -> ImportResult:
    try:
        if commit:
            try:
                with transaction.atomic():
                    with opened() as table:
                        run.run(table, progress)
                    if not run.result.ok:
                        raise _Refused
                    spec.finish(context)
                    run.result.committed = True
            except _Refused:
                pass
        elif isinstance(run, SetRun):
            # Its temporary tables live in a transaction; a preview writes nothing but the
            # school years its dates need, as the row-by-row path does.
            with transaction.atomic(), opened() as table:
                run.run(table, progress)
        else:
            with opened() as table:
                run.run(table, progress)
    except FileProblem as problem:
        run.result.file_errors = problem.messages
    if commit:
        audit_import(
            spec, actor=context.actor, organisation=context.organisation, result=run.result
        )
    return run.result


def audit_import(
    spec: ImportSpec, *, actor: User, organisation: Organisation, result: ImportResult
) -> None:
    """One audit entry per import, done or refused: its counts, never a row's content."""
    audit_log(
        actor=actor,
        action=f"{spec.kind}.imported",
        organisation=organisation,
        target_label=str(spec.label),
        changes=result.counts(),
    )
