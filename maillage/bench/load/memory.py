"""The resident memory of gunicorn's workers, sampled from outside (psutil)."""

from __future__ import annotations

from dataclasses import dataclass, field

import psutil  # type: ignore[import-untyped,unused-ignore]  # locust's own dependency

MIB = 2**20


def workers_rss(master_pid: int) -> dict[int, int]:
    """RSS in bytes of each worker (the master's children), by pid."""
    sizes: dict[int, int] = {}
    for child in psutil.Process(master_pid).children():
        try:
            sizes[child.pid] = child.memory_info().rss
        except psutil.NoSuchProcess:  # a worker restarting: absent from this sample
            continue
    return sizes


@dataclass
class Verdict:
    """The rule: after the warm-up, no worker may grow by more than `max(growth_mib MiB,
    growth_percent % of its warm size)`, and no worker may be replaced (a crash or a timeout
    kill would hide a leak by restarting small)."""

    growth_mib: float
    growth_percent: float
    problems: list[str] = field(default_factory=list)

    def bound(self, warm: int) -> float:
        return max(self.growth_mib * MIB, warm * self.growth_percent / 100)

    def judge(self, warm: dict[int, int], end: dict[int, int]) -> list[str]:
        if not warm:
            self.problems.append("no worker measured after the warm-up")
        if set(warm) != set(end):
            self.problems.append(
                f"workers replaced during the run: {sorted(warm)} then {sorted(end)}"
            )
        for pid, before in warm.items():
            after = end.get(pid)
            if after is not None and after - before > self.bound(before):
                self.problems.append(
                    f"worker {pid} grew by {(after - before) / MIB:.1f} MiB "
                    f"(bound {self.bound(before) / MIB:.1f} MiB)"
                )
        return self.problems
