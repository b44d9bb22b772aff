"""Inserting many new rows of a model at once, as fast as the database allows.

On PostgreSQL the rows go through `COPY … FROM STDIN`: Django's `bulk_create` spends most of
an absence import compiling its INSERT (issue 8, P2), COPY none. Values are prepared by each
field as `save()` would (`pre_save`, then `get_db_prep_save`: encrypted fields encrypt), so
the rows are the ones `bulk_create` would write. Elsewhere, `bulk_create`. The ids of the new
rows are not returned: use `bulk_create` when the caller needs them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models


def insert_many(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=1000)
        return
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and getattr(field, "db_returning", False))
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column or field.attname) for field in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row(
                [
                    field.get_db_prep_save(field.pre_save(obj, add=True), connection)
                    for field in fields
                ]
            )
