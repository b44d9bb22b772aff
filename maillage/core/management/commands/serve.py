"""`maillage serve`: the production web server (gunicorn) and the task worker."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.core.processes import WORKER, run_together


class Command(BaseCommand):
    help = "Serve Maillage with gunicorn and run the background task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        # gunicorn's advice for sync workers: while one waits on the database, another
        # uses the CPU.
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)

    def handle(self, *args: Any, bind: str, workers: int, **options: Any) -> None:
        web = [
            *(sys.executable, "-m", "gunicorn", "maillage.wsgi"),
            *("--bind", bind, "--workers", str(workers), "--access-logfile", "-"),
            # The path without its query string: a person search (?q=<name>) stays out of logs.
            *("--access-logformat", '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'),
        ]
        if code := run_together([web, WORKER]):
            raise SystemExit(code)
