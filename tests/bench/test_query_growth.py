"""The N+1 guard of issue 8: each key page of P1 runs the same number of queries on a sector
three times larger. The pages measured are the busiest ones, as the harness picks them, so
the larger sector gives them more rows (a longer caseload, a fuller roster, more signals)."""

from __future__ import annotations

import pytest
from django.db import transaction

from maillage.bench.context import ensure_data
from maillage.bench.figures.p1_pages import pages, query_count
from maillage.bench.picks import pick

SMALL, LARGE = 0.001, 0.003


def _queries_per_page(scale: float) -> dict[str, tuple[int, int]]:
    """(status, queries) of every key page on a sector of this size, rolled back after."""
    with transaction.atomic():
        ensure_data(scale, 2026, lambda _message: None)
        found, missing = pages(pick())
        assert not missing, missing
        counts = {page.label: query_count(page) for page in found}
        transaction.set_rollback(True)
    return counts


@pytest.mark.django_db
def test_key_pages_run_as_many_queries_on_a_larger_sector() -> None:
    small, large = _queries_per_page(SMALL), _queries_per_page(LARGE)
    assert {label: status for label, (status, _n) in small.items()} == dict.fromkeys(small, 200)
    assert small == large
