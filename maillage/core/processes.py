"""Running the web server and the task worker side by side, stopping both together."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any


def start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "maillage.cli", "db_worker"])


def run_with_worker(serve: Callable[[], Any]) -> None:
    worker = start_worker()

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        serve()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
