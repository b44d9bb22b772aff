"""Running the web server and the task worker side by side, stopping both together."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

MAILLAGE = [sys.executable, "-m", "maillage.cli"]
WORKER = [*MAILLAGE, "db_worker"]


def run_together(commands: list[list[str]]) -> int:
    """Start every command; when one ends or we are asked to stop, stop them all."""
    stopping = False

    def request_stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    processes = [subprocess.Popen(command) for command in commands]
    try:
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.3)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return next((p.returncode for p in processes if p.returncode not in (0, -signal.SIGTERM)), 0)
