"""A real HTTP server on loopback for the page figures: gunicorn in a subprocess, on the very
database the harness uses, stopped (and its connections closed) whatever happens. The product
and the bare reference page (bench/bare) are served by the same command: only the settings
module differs."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from django.conf import settings
from django.db import connection

# The directory that holds the maillage package (a checkout, or site-packages when installed):
# the server and locust import the very package this process runs.
ROOT = Path(__file__).resolve().parents[2]
BARE_SETTINGS = "maillage.bench.bare.settings"
BARE_URL = "/page-nue/"
PRODUCT_READY_URL = "/comptes/login/"


def var_dir() -> Path:
    """Where the servers' logs and the load test's reports go: the product's VAR_DIR."""
    return Path(settings.VAR_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def database_url() -> str:
    """The URL of the database this process uses (the test database under pytest)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor != "postgresql":
        raise RuntimeError(f"no server for a {connection.vendor} database")
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{quote(str(db['NAME']), safe='')}"


def server_settings() -> str:
    """The settings module this process uses, except the test suite's: those re-scan static
    files on every request (WhiteNoise autorefresh), so the smoke test serves with the real
    settings, on the test database all the same (DATABASE_URL)."""
    module = settings.SETTINGS_MODULE
    return "maillage.settings" if module.startswith("tests.") else module


class Server:
    """`with Server(workers) as server:` serves the product at `server.port` until the block
    ends; `Server(workers, bare=True)` serves the bare page instead, with the same command."""

    def __init__(
        self, workers: int, log_name: str = "bench-server.log", *, bare: bool = False
    ) -> None:
        self.workers = workers
        self.bare = bare
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        # Its own log for each user of the server (the load test beside the bench).
        self.log = var_dir() / log_name

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        product = server_settings()
        env.update(
            DJANGO_SETTINGS_MODULE=BARE_SETTINGS if self.bare else product,
            # The bare page takes the product's database, sessions and cache from it.
            MAILLAGE_BENCH_PRODUCT_SETTINGS=product,
            DATABASE_URL=database_url(),
            # Plain HTTP on loopback; the figures measure pages, not the second factor.
            MAILLAGE_HTTPS="0",
            MAILLAGE_MFA_REQUIRED_ROLES="",
            # Every simulated user calls the API from 127.0.0.1: the per-address limit (120 a
            # minute) would measure refusals, not the endpoint. The limit is still counted.
            MAILLAGE_API_RATE_PER_MINUTE="100000000",
            DEBUG="0",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        )
        return env

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "maillage.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--backlog",
            "256",
            "--timeout",
            "120",
            "--preload",
            "--log-level",
            "warning",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start: see {self.log}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", BARE_URL if self.bare else PRODUCT_READY_URL)
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s: see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn stops its workers, which close their connections
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
