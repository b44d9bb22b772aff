"""Which encrypted columns a piece of work reads: a page that never shows them must not read
them, or it decrypts each one on every row (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from maillage.core.crypto import encrypted_fields


def _columns() -> list[str]:
    return [
        f'"{model._meta.db_table}"."{model._meta.get_field(name).column}"'
        for model, names in encrypted_fields()
        for name in names
    ]


@contextmanager
def secrets_read() -> Iterator[list[str]]:
    """The encrypted columns (`"table"."column"`) selected inside the block."""
    columns = _columns()
    found: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT"):
            found.extend(column for column in columns if column in sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield found
