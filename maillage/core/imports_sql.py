"""The set-based path of the import pipeline, for a CSV file on PostgreSQL: the same results
as the row-by-row path of `imports.py` (rows, counts, French messages per line, all or
nothing), at the speed of `COPY` (issue 18).

1. The file's rows go into a temporary staging table by `COPY`: PostgreSQL parses the CSV
   itself when the file leaves no room for the two parsers to differ (no quote character,
   the header on line 1, one cell per column on every line); otherwise Python's reader, the
   one of the row-by-row path, feeds the same table.
2. The rules stay where they are declared, in the spec's `Column`s: each *distinct* text of a
   column goes once through the column's parser, and the results (value or French message)
   join the staging table. A school's export repeats its dates, names and codes on every
   line, so a million lines hold a few thousand distinct texts.
3. Everything else is set-based SQL on the staging table: the rejected lines with their
   messages, the repeated keys, then the spec's own checks and upserts (`check_set`,
   `apply_set`), which likewise bring only distinct entities (pupils, days) to Python.

The run happens in a transaction (the caller's, or its own for a preview) whose temporary
tables are dropped at the end.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from psycopg import errors as pg_errors

from maillage.core.imports_files import FileProblem, Table, cell_text, detect_format
from maillage.core.imports_parsers import CellError
from maillage.core.imports_spec import (
    PREVIEW_ROWS,
    Column,
    ImportContext,
    ImportResult,
    ImportSpec,
    RowError,
)

STAGE = "import_stage"
LOOKUP = "import_lookup"
ROWS = "import_rows"
ERRORS = "import_errors"
CHUNK = 1 << 20
FETCH = 20_000
# PostgreSQL's names of the encodings `detect_encoding` finds; UTF-16 is fed by Python.
PG_ENCODINGS = {"utf-8": "UTF8", "utf-8-sig": "UTF8", "cp1252": "WIN1252", "latin-1": "LATIN1"}
# Python's reader refuses a longer cell (the whole file, "cannot be read"); PostgreSQL not.
FIELD_LIMIT = csv.field_size_limit()
# The order of a line's own problems after its cells' (`_parse` reports them last).
EXTRA_ORDER = 1_000_000


def set_based_applies(spec: ImportSpec, path: Path) -> bool:
    """Whether `import_file` takes this path: a spec that has it, a CSV file, PostgreSQL."""
    if not spec.set_based or connection.vendor != "postgresql" or not path.is_file():
        return False
    try:
        if detect_format(path) != "csv":
            return False
    except FileProblem:
        return False  # the row-by-row path says why, in the same words
    # PostgreSQL's text holds no NUL: the row-by-row path names the line instead.
    with path.open("rb") as handle:
        return not any(b"\x00" in chunk for chunk in iter(lambda: handle.read(1 << 20), b""))


def quote(name: str) -> str:
    return str(connection.ops.quote_name(name))


class SetRows:
    """What a spec's `check_set` and `apply_set` see: the accepted rows in the temporary
    table `ROWS` (its `line`, `ok` and one typed column per spec column), and helpers."""

    table = ROWS

    def __init__(self, cursor: Any, spec: ImportSpec, positions: dict[str, int]) -> None:
        self.cursor = cursor
        self.spec = spec
        self.positions = positions
        self.tables: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        self.cursor.execute(sql, params)
        return int(self.cursor.rowcount)

    def fetch(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        self.cursor.execute(sql, params)
        return list(self.cursor.fetchall())

    def chunks(self, sql: str, params: Sequence[Any] = ()) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of a query, a chunk at a time, without holding them all (a server-side
        cursor): between chunks, the connection is free for other statements (a COPY)."""
        raw: Any = self.cursor.cursor.connection
        with raw.cursor(name="import_chunks") as named:
            named.execute(sql, params)
            while chunk := named.fetchmany(FETCH):
                yield chunk

    def temp_table(self, name: str, columns: str, rows: Iterable[Sequence[Any]] = ()) -> None:
        """A temporary table dropped with the run, filled by COPY."""
        self.execute(f"DROP TABLE IF EXISTS {name}")
        self.execute(f"CREATE TEMPORARY TABLE {name} ({columns}) ON COMMIT DROP")
        self.tables.append(name)
        self.copy_into(name, rows)

    def copy_into(self, name: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def distinct(self, column: str) -> list[Any]:
        """The distinct values a column parsed to (from the lookup: no scan of the rows)."""
        found = self.spec_column(column)
        if column not in self.positions:
            return [found.default]
        return [
            value
            for (value,) in self.fetch(
                f"SELECT DISTINCT {value_column(found)} FROM {LOOKUP} "
                "WHERE col = %s AND error IS NULL",
                [self.positions[column]],
            )
        ]

    def spec_column(self, name: str) -> Column:
        return next(column for column in self.spec.columns if column.name == name)

    def reject(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        """Reject rows: `sql` selects (line, order within the line, column name, message);
        the order puts a line's messages as the row-by-row path says them."""
        self.execute(f"INSERT INTO {ERRORS} (line, ord, col, message) {sql}", params)


def value_column(column: Column) -> str:
    return value_column_of(column.sql_type)


class _TooLong(Exception):
    """A cell longer than Python's reader takes: it must be the one to say so."""


class SetRun:
    """One pass of the set-based path over a CSV file."""

    def __init__(
        self,
        spec: ImportSpec,
        context: ImportContext,
        *,
        path: Path,
        write: bool,
        max_errors: int,
    ) -> None:
        self.spec, self.context, self.path = spec, context, path
        self.write, self.max_errors = write, max_errors
        self.result = ImportResult()

    def run(self, table: Table, progress: Callable[[int], None] | None) -> ImportResult:
        from maillage.core.imports import match_header  # imports.py uses this module

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
        width = len(table.header)
        with connection.cursor() as cursor:
            rows = SetRows(cursor, spec, {c.name: i for i, c in positions.items()})
            try:
                fast = self._stage(rows, table, width)
                try:
                    self._parse(rows, positions, width)
                except _TooLong:
                    if not fast:
                        raise
                    rows.execute(f"TRUNCATE {STAGE}")
                    self._copy_rows(rows, table, width)  # raises the reader's FileProblem
                    self._parse(rows, positions, width)
                self._repeated(rows)
                if result.rows:
                    spec.check_set(self.context, rows)
                self._collect(rows, positions)
                if result.rows:
                    counts = spec.apply_set(
                        self.context, rows, write=self.write and not result.rejected
                    )
                    result.created, result.updated, result.unchanged = (
                        counts.created,
                        counts.updated,
                        counts.unchanged,
                    )
            except BaseException:
                raise  # the transaction's rollback drops the temporary tables
            else:
                for name in reversed(rows.tables):
                    cursor.execute(f"DROP TABLE IF EXISTS {name}")
        if progress:
            progress(result.rows)
        return result

    # --- 1. The staging table ---

    def _stage(self, rows: SetRows, table: Table, width: int) -> bool:
        cells = ", ".join(f"c{i} text NOT NULL DEFAULT ''" for i in range(width))
        rows.temp_table(
            STAGE,
            "line integer GENERATED BY DEFAULT AS IDENTITY (START WITH 2), "
            f"{cells}, extra boolean NOT NULL DEFAULT false",
        )
        rows.temp_table(
            ERRORS,
            "seq integer GENERATED ALWAYS AS IDENTITY, line integer, ord integer, col text, "
            "message text",
        )
        if self._copy_file(rows, table, width):
            return True
        self._copy_rows(rows, table, width)
        return False

    def _copy_file(self, rows: SetRows, table: Table, width: int) -> bool:
        """PostgreSQL's COPY parses the file, when both parsers must read it alike: no quote
        character (quoting is where PostgreSQL and Python's reader differ), the header on
        the first line, and as many lines loaded as the file has (a cell over two lines, an
        empty line or a short one make COPY fail or count otherwise: then Python reads)."""
        encoding = table.info.get("encoding", "")
        if encoding not in PG_ENCODINGS:
            return False
        lines, first = 0, b""
        with self.path.open("rb") as handle:
            last = b""
            while chunk := handle.read(CHUNK):
                if b'"' in chunk or b"\x00" in chunk:
                    return False
                if not first:
                    first = chunk.split(b"\n", 1)[0]
                lines += chunk.count(b"\n")
                last = chunk
        if last and not last.endswith(b"\n"):
            lines += 1  # the last line has no line break
        if encoding == "utf-8-sig":
            first = first.removeprefix(codecs.BOM_UTF8)
        try:
            text = first.decode(encoding).rstrip("\r")
        except UnicodeDecodeError:
            return False
        header = next(csv.reader([text], delimiter=table.info["delimiter"]), [])
        if header != [str(cell) for cell in table.header] or len(first) == 0:
            return False
        names = ", ".join(f"c{i}" for i in range(width))
        delimiter = table.info["delimiter"].replace("'", "''")
        sql = (
            f"COPY {STAGE} ({names}) FROM STDIN (FORMAT csv, DELIMITER E'{delimiter}', "
            f"ENCODING '{PG_ENCODINGS[encoding]}', FORCE_NOT_NULL ({names}))"
        )
        savepoint = transaction.savepoint_create()
        try:
            with self.path.open("rb") as handle:
                handle.readline()  # the header
                with rows.cursor.cursor.copy(sql) as copy:
                    while chunk := handle.read(CHUNK):
                        copy.write(chunk)
                copied = rows.cursor.cursor.rowcount
        except (
            pg_errors.DataError,
            pg_errors.BadCopyFileFormat,
            pg_errors.CharacterNotInRepertoire,
        ):
            transaction.savepoint_rollback(savepoint)
            return False
        transaction.savepoint_commit(savepoint)
        if copied != lines - 1:
            rows.execute(f"TRUNCATE {STAGE}")
            return False
        return True

    def _copy_rows(self, rows: SetRows, table: Table, width: int) -> None:
        """Python's reader (the row-by-row path's, its line numbers and blank lines
        skipped) feeds the staging table."""
        padding = [""] * width

        def staged() -> Iterator[list[Any]]:
            for line, cells in table.rows:
                if not any(cell_text(cell) for cell in cells):
                    continue
                texts = [str(cell) if cell is not None else "" for cell in cells[:width]]
                extra = any(cell_text(cell) for cell in cells[width:])
                yield [line, *texts, *padding[len(texts) :], extra]

        rows.copy_into(STAGE, staged())

    # --- 2. Cells through their column's parser, once per distinct text ---

    def _parse(self, rows: SetRows, positions: dict[int, Column], width: int) -> None:
        spec = self.spec
        types = sorted({column.sql_type for column in spec.columns})
        rows.temp_table(
            LOOKUP,
            "col integer, raw text, blank boolean, error text, "
            + ", ".join(f"{value_column_of(t)} {t}" for t in types),
        )
        slot = {t: index for index, t in enumerate(types)}
        sets = ", ".join(f"(c{i})" for i in range(width))
        names = ", ".join(f"c{i}" for i in range(width))

        def parsed(chunk: list[tuple[Any, ...]]) -> Iterator[list[Any]]:
            for distinct in chunk:
                index = next(i for i, value in enumerate(distinct) if value is not None)
                raw: str = distinct[index]
                if len(raw) > FIELD_LIMIT:
                    raise _TooLong
                values: list[Any] = [None] * len(types)
                column = positions.get(index)
                blank = not cell_text(raw)
                error = None
                if column is not None:
                    if blank:
                        if column.required:
                            error = _("This value is required.")
                        else:
                            values[slot[column.sql_type]] = column.default
                    else:
                        try:
                            values[slot[column.sql_type]] = column.parser(raw)
                        except CellError as exc:
                            error = str(exc)
                yield [index, raw, blank, error, *values]

        for chunk in rows.chunks(f"SELECT {names} FROM {STAGE} GROUP BY GROUPING SETS ({sets})"):
            rows.copy_into(LOOKUP, parsed(chunk))
        rows.execute(f"ANALYZE {LOOKUP}")
        joins, selects, bad, blank = [], [], ["s.extra"], ["NOT s.extra"]
        params: list[Any] = []
        for index in range(width):
            alias = f"l{index}"
            joins.append(
                f"JOIN {LOOKUP} {alias} ON {alias}.col = {index} AND {alias}.raw = s.c{index}"
            )
            blank.append(f"{alias}.blank")
            if index in positions:
                bad.append(f"{alias}.error IS NOT NULL")
        at = {column.name: index for index, column in positions.items()}
        for column in spec.columns:
            if column.name in at:
                selects.append(f"l{at[column.name]}.{value_column(column)} AS {quote(column.name)}")
            else:
                selects.append(f"%s::{column.sql_type} AS {quote(column.name)}")
                params.append(column.default)
        rows.execute(f"DROP TABLE IF EXISTS {ROWS}")
        # A hash of each column's lookup, the staging table read once: the planner, which
        # cannot tell how the lookup's `col` splits it, tried nested loops (minutes).
        rows.execute("SET LOCAL enable_nestloop = off")
        rows.execute("SET LOCAL enable_mergejoin = off")
        self.result.rows = rows.execute(
            f"CREATE TEMPORARY TABLE {ROWS} ON COMMIT DROP AS SELECT s.line, "
            f"NOT ({' OR '.join(bad)}) AS ok, {', '.join(selects)} "
            f"FROM {STAGE} s {' '.join(joins)} WHERE NOT ({' AND '.join(blank)})",
            params,
        )
        rows.execute("RESET enable_nestloop")
        rows.execute("RESET enable_mergejoin")
        rows.tables.append(ROWS)
        if rows.fetch(f"SELECT EXISTS (SELECT FROM {ROWS} WHERE NOT ok)")[0][0]:
            for index, column in positions.items():
                rows.reject(
                    f"SELECT r.line, {index}, %s, l.error FROM {ROWS} r "
                    f"JOIN {STAGE} s ON s.line = r.line "
                    f"JOIN {LOOKUP} l ON l.col = {index} AND l.raw = s.c{index} "
                    "WHERE NOT r.ok AND l.error IS NOT NULL",
                    [column.name],
                )
            rows.reject(
                f"SELECT r.line, {EXTRA_ORDER}, '', %s FROM {ROWS} r "
                f"JOIN {STAGE} s ON s.line = r.line WHERE NOT r.ok AND s.extra",
                [_("This line has more cells than the header.")],
            )

    # --- 3. Repeated keys: the same row counts once, another row with that key is refused ---

    def _repeated(self, rows: SetRows) -> None:
        spec = self.spec
        keys = [quote(name) for name in spec.key_columns]
        if not keys or not self.result.rows:
            return
        every = [quote(column.name) for column in spec.columns]
        required = {quote(column.name) for column in spec.columns if column.required}
        on = " AND ".join(
            f"r.{k} = f.{k}" if k in required else f"r.{k} IS NOT DISTINCT FROM f.{k}" for k in keys
        )
        same = f"ROW({', '.join(f'r.{c}' for c in every)}) IS NOT DISTINCT FROM " + (
            f"ROW({', '.join(f'fr.{c}' for c in every)})"
        )
        rows.execute("DROP TABLE IF EXISTS import_keys")
        # The keys given more than once first (usually none), then their lines.
        repeated = rows.execute(
            "CREATE TEMPORARY TABLE import_keys ON COMMIT DROP AS "
            f"SELECT {', '.join(keys)}, min(line) AS first FROM {ROWS} WHERE ok "
            f"GROUP BY {', '.join(keys)} HAVING count(*) > 1"
        )
        rows.tables.append("import_keys")
        if not repeated:
            return
        rows.execute("DROP TABLE IF EXISTS import_repeated")
        found = rows.execute(
            "CREATE TEMPORARY TABLE import_repeated ON COMMIT DROP AS "
            f"SELECT r.line, f.first, {same} AS same FROM import_keys f "
            f"JOIN {ROWS} r ON r.ok AND r.line <> f.first AND {on} "
            f"JOIN {ROWS} fr ON fr.line = f.first"
        )
        rows.tables.append("import_repeated")
        if not found:
            return
        before, _sep, after = _(
            "This line describes the same entry as line %(line)s, with other values."
        ).partition("%(line)s")
        rows.reject(
            "SELECT line, 0, '', %s || first || %s FROM import_repeated WHERE NOT same",
            [before, after],
        )
        self.result.duplicates = rows.fetch(
            "SELECT count(*) FILTER (WHERE same) FROM import_repeated"
        )[0][0]
        rows.execute(
            f"UPDATE {ROWS} SET ok = false WHERE line IN (SELECT line FROM import_repeated)"
        )

    # --- The errors, the counts and the preview ---

    def _collect(self, rows: SetRows, positions: dict[int, Column]) -> None:
        result = self.result
        rejected = rows.fetch(f"SELECT count(DISTINCT line) FROM {ERRORS}")[0][0]
        result.rejected = rejected
        if rejected:
            rows.execute(
                f"UPDATE {ROWS} SET ok = false WHERE ok AND line IN (SELECT line FROM {ERRORS})"
            )
            shown = self.context.headers
            result.errors = [
                RowError(line, shown.get(column, column), message)
                for line, column, message in rows.fetch(
                    f"SELECT line, col, message FROM {ERRORS} ORDER BY line, ord, seq LIMIT %s",
                    [self.max_errors],
                )
            ]
        at = {column.name: index for index, column in positions.items()}
        picked = ", ".join(f"s.c{at[name]}" for name in result.columns)
        for cells in rows.fetch(
            f"SELECT {picked or 'NULL'} FROM {STAGE} s WHERE s.line IN "
            f"(SELECT line FROM {ROWS} WHERE ok ORDER BY line LIMIT {PREVIEW_ROWS}) "
            "ORDER BY s.line"
        ):
            result.preview.append([cell_text(cell) for cell in cells][: len(result.columns)])


def value_column_of(sql_type: str) -> str:
    return "v_" + "".join(char if char.isalnum() else "_" for char in sql_type)
