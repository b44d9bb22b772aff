"""The load average before each figure: the harness waits for its own previous figure to fade
from it, and marks a figure taken while other work kept the machine busy (issue 18)."""

from __future__ import annotations

from maillage.bench.quiet import settle


class Clockwork:
    """Load readings in turn, and a sleep that only counts (no real waiting in a test)."""

    def __init__(self, *ones: float) -> None:
        self.ones = list(ones)
        self.slept = 0.0

    def read(self) -> tuple[float, float, float]:
        one = self.ones.pop(0) if len(self.ones) > 1 else self.ones[0]
        return (one, 0.4, 0.3)

    def sleep(self, seconds: float) -> None:
        self.slept += seconds


def test_a_figure_waits_for_the_load_to_come_down_and_is_then_quiet() -> None:
    machine = Clockwork(2.5, 1.2, 0.4)
    at_start = settle(0.5, 600, read=machine.read, sleep=machine.sleep)
    assert not at_start.busy and at_start.averages == (0.4, 0.4, 0.3)
    assert machine.slept == 10  # two readings of 5 s
    assert at_start.mark() == "0.40"


def test_a_figure_is_marked_busy_when_the_load_stays_up() -> None:
    machine = Clockwork(3.0)
    at_start = settle(0.5, 0, read=machine.read, sleep=machine.sleep)
    assert at_start.busy and machine.slept == 0
    assert at_start.mark() == "3.00 busy"
    assert "busy (threshold 0.5)" in at_start.describe()
