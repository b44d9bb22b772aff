"""MAILLAGE_TEST_TODAY really moves the suite's clock (CI runs PostgreSQL as on a summer day)."""

from __future__ import annotations

import os
from datetime import UTC, date

import pytest
import time_machine
from django.utils import timezone


@pytest.mark.skipif(
    not os.environ.get("MAILLAGE_TEST_TODAY"), reason="the suite runs on the real day"
)
def test_the_suite_runs_as_on_the_day_it_was_given() -> None:
    given = date.fromisoformat(os.environ["MAILLAGE_TEST_TODAY"])
    # Still ticking from 9 o'clock on that day: a long run may pass midnight.
    assert 0 <= (timezone.localdate() - given).days <= 1


@pytest.mark.real_clock
def test_a_test_that_starts_other_processes_keeps_the_real_clock() -> None:
    if not time_machine.escape_hatch.is_travelling():
        return  # the real clock, as asked
    real = time_machine.escape_hatch.datetime.datetime.now(UTC)
    assert abs((timezone.now() - real).total_seconds()) < 60
