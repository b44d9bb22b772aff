"""What the fuzz tests compare before and after an input: the rows of every domain table.

The audit log is left out on purpose (a refused import or form is still recorded), and so are
the tables of Django, allauth and the task queue (sessions, sign-in records, queued jobs).
"""

from __future__ import annotations

import os

from django.apps import apps
from django.db import connection, models

from maillage.core.audit_models import AuditEvent

# How many examples each property tries: small in CI, larger by hand (see the modules' docs).
EXAMPLES = int(os.environ.get("MAILLAGE_FUZZ_EXAMPLES", "0") or 0)


def examples(default: int) -> int:
    return EXAMPLES or default


def domain_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("maillage.") and model is not AuditEvent
    ]


def domain_counts() -> dict[str, int]:
    """Every domain table's row count, in one query (it runs twice per example)."""
    quote = connection.ops.quote_name
    models_ = domain_models()
    sql = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {quote(model._meta.db_table)}"
        for index, model in enumerate(models_)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {models_[index]._meta.label: count for index, count in cursor.fetchall()}


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }
