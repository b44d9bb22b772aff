"""The schemathesis command line, run as a person would run it (API.md) against a served
OpenAPI document, and its findings as lines a failing test can print.

Every check (`--checks all`), every phase (examples, coverage, fuzzing, stateful), bounded
examples and derandomized generation (`--generation-deterministic`: the same cases on every
run, so a failure in CI is a failure on a laptop), one worker.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

# Examples per operation in the fuzzing and stateful phases; the coverage phase adds its
# own (every boundary and every missing or wrong parameter) whatever this says.
EXAMPLES = 10
TIMEOUT_SECONDS = 600


def schemathesis_findings(openapi_url: str, *, token: str | None, workdir: Path) -> list[str]:
    """Each failure found (check, title, operation) and each error of the run; [] when the
    API conforms to its document."""
    report = workdir / "schemathesis.json"
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "run", openapi_url),
        *("--checks", "all", "--generation-deterministic", "--max-examples", str(EXAMPLES)),
        *("--workers", "1", "--no-color", "--request-timeout", "30"),
        *("--report", "json", "--report-json-path", str(report)),
    ]
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
    # In the test's own directory: the command keeps a cache in its working directory.
    run = subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    if not report.exists():
        return [f"schemathesis did not run (status {run.returncode}):", run.stdout, run.stderr]
    found = json.loads(report.read_text())
    findings = [
        f"{failure['code']} {failure['title']}: {operation}"
        for failure in found["failures"]
        for operation in failure["operations"]
    ]
    findings += [f"error: {error}" for error in found["errors"]]
    if findings or run.returncode != 0:
        # The command's own report names each case and how to replay it.
        findings += [f"exit status {run.returncode}", run.stdout[-20_000:], run.stderr[-5_000:]]
    return findings


class _NoDelayServer(ThreadedWSGIServer):
    """Django's test server without Nagle's delay. It writes a response's headers and body
    apart; on a kept-alive connection (schemathesis keeps one) the body then waits for the
    client's delayed acknowledgement, about 40 ms a request: most of a run's time."""

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


@contextmanager
def live_server_on_loopback() -> Iterator[str]:
    """pytest-django's live server, as fast as the application: its base URL. The test must
    allow the database for transactions (the server answers from its own thread)."""
    in_memory = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    thread = LiveServerThread("127.0.0.1", _StaticFilesHandler, connections_override=in_memory)
    thread.server_class = _NoDelayServer
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
