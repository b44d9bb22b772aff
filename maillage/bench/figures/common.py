"""Helpers of the figures: timing, rolled-back runs, memory."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction


class Rollback(Exception):
    """Raised to undo what a measured run wrote, so every run starts from the same data."""


def timed_rolled_back[T](work: Callable[[], T]) -> tuple[float, T]:
    """Seconds `work` took, inside a transaction undone afterwards."""
    outcome: list[T] = []
    elapsed = [0.0]
    try:
        with transaction.atomic():
            began = time.perf_counter()
            outcome.append(work())
            elapsed[0] = time.perf_counter() - began
            raise Rollback
    except Rollback:
        pass
    return elapsed[0], outcome[0]


def peak_rss_mib() -> float:
    """The process's peak resident memory so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


@contextmanager
def peak_growth() -> Iterator[list[float]]:
    """Yields a list that holds, after the block, how much the peak memory grew in it."""
    before = peak_rss_mib()
    grown: list[float] = []
    yield grown
    grown.append(peak_rss_mib() - before)
