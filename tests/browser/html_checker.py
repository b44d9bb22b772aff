"""The Nu HTML checker (vnu, the W3C's validator) on every page the browser tests land on.

One checker per test session: vnu's own HTTP service on a free loopback port, started as the
session begins (the JVM needs several seconds, spent while Chromium starts and the first test
seeds its network) and stopped when it ends. What is checked is the server's response body as
sent, not the DOM after scripts ran; responses that differ only by their CSRF tokens are
checked once. Errors fail the test with their line and message; vnu's warnings and notes do not.

The jar comes from npm (`vnu-jar`, pinned in .ci/run and README.md): `.ci/run` installs it and
names it in MAILLAGE_VNU_JAR; locally `npm install --prefix var/vnu --ignore-scripts
vnu-jar@VERSION` puts it where this module looks by default. Without it the browser tests fail
in CI; elsewhere only this check is left out, and tests/browser/test_html_checker.py says why
in the summary.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[2]
JAR_ENV = "MAILLAGE_VNU_JAR"
DEFAULT_JAR = REPOSITORY / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
INSTALL_HINT = (
    "npm install --prefix var/vnu --ignore-scripts vnu-jar@26.9.27 (Java 17 or later runs"
    f" it), or name the jar in {JAR_ENV}"
)
START_TIMEOUT_SECONDS = 90
CHECK_TIMEOUT_SECONDS = 60
# The only part of a response that changes on every request: CSRF tokens (64 letters and
# digits, masked differently each time), in forms and in the body's HTMX headers.
_TOKEN = re.compile(rb"[A-Za-z0-9]{64}")


def jar_path() -> Path:
    configured = os.environ.get(JAR_ENV)
    return Path(configured) if configured else DEFAULT_JAR


def missing_reason() -> str | None:
    """Why the checker cannot run here, or None when it can."""
    jar = jar_path()
    if not jar.is_file():
        return f"the Nu HTML checker is missing ({jar}): {INSTALL_HINT}"
    if shutil.which("java") is None:
        return "java is missing: apt-get install openjdk-17-jre-headless"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class HtmlChecker:
    """vnu's HTTP service, asked about each distinct page once."""

    process: subprocess.Popen[bytes]
    port: int
    ready: bool = False
    results: dict[str, list[str]] = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0
    startup_seconds: float = 0.0

    @classmethod
    def start(cls, jar: Path) -> HtmlChecker:
        port = _free_port()
        process = subprocess.Popen(
            [
                "java",
                "-Xmx1g",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(jar),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return cls(process=process, port=port)

    def _ask(self, method: str, path: str, body: bytes | None, timeout: float) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            # vnu refuses a request without a User-Agent.
            headers = {"User-Agent": "maillage-tests"}
            if body is not None:
                headers["Content-Type"] = "text/html; charset=utf-8"
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
            if answer.status != 200:
                raise RuntimeError(f"the Nu HTML checker answered HTTP {answer.status}")
            return content
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _wait_until_ready(self) -> None:
        began = time.monotonic()
        deadline = began + START_TIMEOUT_SECONDS
        while not self.ready:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Nu HTML checker exited ({self.process.returncode})")
            try:
                self._ask("GET", "/", None, timeout=5)
                self.ready = True
            except (OSError, http.client.HTTPException):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the Nu HTML checker did not answer within {START_TIMEOUT_SECONDS}s"
                    ) from None
                time.sleep(0.25)
        self.startup_seconds += time.monotonic() - began

    def errors(self, html: bytes) -> list[str]:
        """vnu's errors on a document, as "line N: message"; an empty list when valid."""
        key = hashlib.sha256(_TOKEN.sub(b"", html)).hexdigest()
        if key not in self.results:
            self._wait_until_ready()
            began = time.monotonic()
            answer = self._ask("POST", "/?out=json", html, timeout=CHECK_TIMEOUT_SECONDS)
            messages: list[dict[str, Any]] = json.loads(answer)["messages"]
            self.results[key] = [
                f"line {m.get('lastLine', '?')}: {m['message']}"
                + (f"\n      {m['extract'].strip()[:160]}" if m.get("extract") else "")
                for m in messages
                if m["type"] in {"error", "non-document-error"}
            ]
            self.pages += 1
            self.seconds += time.monotonic() - began
        return self.results[key]


def describe(errors: list[str], url: str) -> str:
    lines = [f"{len(errors)} HTML error(s) on {url} (Nu HTML checker):"]
    lines.extend(f"- {error}" for error in errors)
    return "\n".join(lines)
