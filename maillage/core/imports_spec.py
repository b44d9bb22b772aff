"""What an app declares to import a file (`ImportSpec` with its `Column`s) and what an import
gives back (`ImportResult`): the vocabulary of the import pipeline, whose engine is
`core.imports`."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import override

from maillage.core.imports_parsers import Parser, normalise, text
from maillage.core.models import Organisation, User

if TYPE_CHECKING:
    from maillage.core.imports_sql import SetRows

MAX_ERRORS = 100
PREVIEW_ROWS = 10


@dataclass(frozen=True)
class Column:
    """One column of a file: `name` is the header the template uses."""

    name: str
    label: str | Promise
    parser: Parser = field(default_factory=text)
    required: bool = False
    synonyms: tuple[str, ...] = ()
    help: str | Promise = ""
    # The value of a blank cell in an optional column.
    default: Any = None
    # The SQL type of the parsed value, for the set-based path (`imports_sql`).
    sql_type: str = "text"

    def spellings(self) -> set[str]:
        words = {self.name, *self.synonyms}
        for language in ("fr", "en"):
            with override(language):
                words.add(str(self.label))
        return {normalise(word) for word in words if normalise(word)}


@dataclass
class Row:
    line: int
    values: dict[str, Any]
    cells: dict[str, str]


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return _("Line %(line)s, column “%(column)s”: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass
class ImportContext:
    """Who imports, for which organisation, with the spec's options (JSON-serialisable)."""

    actor: User
    organisation: Organisation
    options: dict[str, Any]
    # Column name → header as written in the file, for the columns the file has.
    headers: dict[str, str] = field(default_factory=dict)
    # Whatever a spec keeps between batches (say, the records it has already loaded).
    state: dict[str, Any] = field(default_factory=dict)
    _rejected: dict[int, list[RowError]] = field(default_factory=dict)

    def reject(self, row: Row, column: str, message: str) -> None:
        """Called by a spec's `check`: the row is not imported, for this reason."""
        shown = self.headers.get(column, column)
        self._rejected.setdefault(row.line, []).append(RowError(row.line, shown, message))


class ImportSpec:
    """What an app declares about one kind of file."""

    kind: ClassVar[str]  # dotted, as audit actions: "directory.service"
    label: ClassVar[str | Promise]
    columns: ClassVar[Sequence[Column]]
    batch_size: ClassVar[int] = 1000
    # Files larger than this are refused at upload (the command line may allow more).
    max_upload_bytes: ClassVar[int] = 10_000_000
    # Remember every key of the file, to catch a key repeated far apart with other values.
    # Costs memory per distinct key: a spec for millions of rows may keep it per batch.
    keys_across_batches: ClassVar[bool] = True
    # A few rows for the example file, as {column name: cell text}.
    example_rows: ClassVar[Sequence[dict[str, str]]] = ()
    # The columns of the natural key: rows with equal keys are the same record.
    key_columns: ClassVar[tuple[str, ...]] = ()
    # Whether the spec has `check_set` and `apply_set`: then a CSV file imported on
    # PostgreSQL goes through the set-based path (`imports_sql`), with the same results.
    set_based: ClassVar[bool] = False

    def key(self, values: dict[str, Any]) -> Hashable:
        """The natural key of a parsed row: rows with equal keys are the same record."""
        if not self.key_columns:
            raise NotImplementedError
        return tuple(values[name] for name in self.key_columns)

    def check(self, context: ImportContext, rows: list[Row]) -> None:
        """Reject rows that parse but break a rule (set-based: one query per batch)."""

    def apply(self, context: ImportContext, rows: list[Row], *, write: bool) -> Counts:
        """Compare a batch of valid rows with the database in a few queries and count what
        would be created, updated or left unchanged; when `write`, upsert them with
        bulk_create / bulk_update."""
        raise NotImplementedError

    def check_set(self, context: ImportContext, rows: SetRows) -> None:
        """`check` for the set-based path: reject rows of the staging table in SQL."""
        raise NotImplementedError

    def apply_set(self, context: ImportContext, rows: SetRows, *, write: bool) -> Counts:
        """`apply` for the set-based path: count, and when `write` upsert, the accepted rows
        of the staging table, in a few statements."""
        raise NotImplementedError

    def review(self, state: dict[str, Any]) -> list[dict[str, Any]]:
        """After a preview, what someone must decide before the file can be imported (say,
        pupils matched uncertainly), as JSON-ready dicts for the preview page."""
        return []

    def finish(self, context: ImportContext) -> None:
        """Called once after a commit whose rows were all accepted, inside its transaction:
        for what the rows feed (the absences' thresholds, say) to be up to date with them."""


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates: int = 0
    committed: bool = False
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.rejected

    def counts(self) -> dict[str, Any]:
        """What the audit log and the job keep: counts, never a row's content."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "committed": self.committed,
            "format": self.info.get("format", ""),
            "encoding": self.info.get("encoding", ""),
        }

    def to_json(self) -> dict[str, Any]:
        """The result as a background preview keeps it (errors, counts, the first rows)."""
        data = asdict(self)
        data["errors"] = [[error.line, error.column, error.message] for error in self.errors]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportResult:
        errors = [RowError(*error) for error in data.get("errors", [])]
        return cls(**{**data, "errors": errors})

    def error_lines(self) -> list[str]:
        return [*self.file_errors, *(str(error) for error in self.errors)]
