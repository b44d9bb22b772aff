"""Writing rows that own stored files: the files go if the rows do not make it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from maillage.core.uploads import delete_stored


def with_files(stored: list[str], work: Callable[[], Any]) -> Any:
    """Run `work` in a transaction; on any error remove the files it stored (their names
    are appended to `stored` as they are written)."""
    try:
        with transaction.atomic():
            return work()
    except BaseException:
        for name in stored:
            delete_stored(name)
        raise
