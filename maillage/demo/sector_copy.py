"""Bulk writing of generated rows: PostgreSQL `COPY … FROM STDIN`, batched inserts on SQLite.

Rows arrive as a stream (a generator of tuples) and leave as a stream: a table is never held
in memory. Ids are assigned in Python by the generators, from `next_id` (the table's largest
id at the start); on PostgreSQL the table's identity sequence is moved past them afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection, transaction

Row = tuple[Any, ...]
Progress = Callable[[str, int, float], None]
BATCH = 2000


def next_id(table: str) -> int:
    """The first free id of `table`: generated ids follow the rows already there."""
    with connection.cursor() as cursor:
        table_sql = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table_sql}")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) + 1


# A table's unique and foreign-key constraints, and its other indexes (not the primary key).
_CONSTRAINTS = """
    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname
"""
_INDEXES = """
    SELECT ci.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
    JOIN pg_class ci ON ci.oid = i.indexrelid
    WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                      AND c.conrelid = i.indrelid)
    ORDER BY ci.relname
"""


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return connection.ops.adapt_timefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


class Writer:
    """Writes one table per transaction, so a crash leaves whole tables (and a sector that
    `seed_sector` then refuses to extend).

    On PostgreSQL the table's indexes, unique and foreign-key constraints are dropped before
    the COPY and rebuilt after it, in the same transaction: one sort per index and one join
    per foreign key instead of a B-tree insertion and a trigger per row. A failure rolls the
    DDL back with the rows. MAILLAGE_SECTOR_KEEP_INDEXES=1 keeps them (per-row upkeep and
    foreign-key triggers: about 4× slower), for comparison."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        started = time.perf_counter()
        with transaction.atomic():
            count = (
                self._copy(table, columns, rows)
                if self.postgres
                else self._insert(table, columns, rows)
            )
            if self.postgres and "id" in columns:
                self._sync_sequence(table)
        elapsed = time.perf_counter() - started
        self.counts[table] = self.counts.get(table, 0) + count
        self.seconds[table] = self.seconds.get(table, 0.0) + elapsed
        if self.progress is not None:
            self.progress(table, count, elapsed)
        return count

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        quote = connection.ops.quote_name
        sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        count = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor
            constraints, indexes = [], []
            if os.environ.get("MAILLAGE_SECTOR_KEEP_INDEXES") != "1":
                raw.execute(_CONSTRAINTS, [table])
                constraints = raw.fetchall()
                raw.execute(_INDEXES, [table])
                indexes = raw.fetchall()
            for name, _definition in constraints:
                raw.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _definition in indexes:
                raw.execute(f"DROP INDEX {quote(name)}")
            with raw.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            for _name, definition in indexes:
                raw.execute(definition)
            for name, definition in constraints:
                raw.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
            raw.execute(f"ANALYZE {quote(table)}")
        return count

    def _insert(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        quote = connection.ops.quote_name
        marks = ", ".join(["%s"] * len(columns))
        sql = (
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
            f"VALUES ({marks})"
        )
        count = 0
        iterator: Iterator[Row] = iter(rows)
        with connection.cursor() as cursor:
            while batch := [tuple(map(_sqlite_value, r)) for r in islice(iterator, BATCH)]:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def _sync_sequence(self, table: str) -> None:
        largest = (
            f"SELECT GREATEST(COALESCE(MAX(id), 0), 1) FROM {connection.ops.quote_name(table)}"  # noqa: S608
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({largest}))", [table])
