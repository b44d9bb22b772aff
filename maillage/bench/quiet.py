"""Was the machine quiet when a figure started? The load average before each figure.

The rule: a figure is taken on a *busy* machine when the 1-minute load average is above
`--quiet-load` (0.5 by default: less than one process wanting a core, on average) at its start.
The harness's own previous figure shows in that average for a few minutes after it ends (it
decays by e every minute), so the harness first waits, up to `--settle` seconds, for the load
to come down; other work on the machine keeps it up, and the figure is marked busy."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

CHECK_EVERY = 5.0  # seconds between two readings while waiting


@dataclass(frozen=True)
class LoadAtStart:
    averages: tuple[float, float, float]  # 1, 5 and 15 minutes
    waited: float  # seconds waited for the machine to settle
    threshold: float

    @property
    def busy(self) -> bool:
        return self.averages[0] > self.threshold

    def mark(self) -> str:
        """What the table says of the figure's rows: the 1-minute load, and `busy`."""
        return f"{self.averages[0]:.2f}{' busy' if self.busy else ''}"

    def describe(self) -> str:
        one, five, fifteen = self.averages
        state = "busy" if self.busy else "quiet"
        return (
            f"load {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) after "
            f"{self.waited:.0f} s of waiting: {state} (threshold {self.threshold:g})"
        )


def settle(
    threshold: float,
    patience: float,
    read: Callable[[], tuple[float, float, float]] = os.getloadavg,
    sleep: Callable[[float], None] = time.sleep,
) -> LoadAtStart:
    """Wait up to `patience` seconds for the 1-minute load to fall to `threshold`; the load
    then, and how long it took."""
    began = time.monotonic()
    averages = read()
    while averages[0] > threshold and time.monotonic() - began < patience:
        sleep(min(CHECK_EVERY, max(0.0, patience - (time.monotonic() - began))))
        averages = read()
    return LoadAtStart(averages, time.monotonic() - began, threshold)
