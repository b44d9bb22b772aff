"""P1: key pages under 16 concurrent users on a real HTTP server, against a floor page."""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.bench.context import Actor
from maillage.bench.options import Options
from maillage.bench.picks import Picks, pick
from maillage.bench.results import Row, Target
from maillage.bench.server import Server

FLOOR = "core:account"
FLOOR_LABEL = "floor: my account (core:account, base layout, only the user's memberships)"


@dataclass
class Page:
    label: str
    url: str
    actor: Actor


@dataclass
class Load:
    requests: int = 0
    errors: int = 0
    statuses: set[int] = field(default_factory=set)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def pages(picks: Picks) -> tuple[Page | None, list[Page], list[str]]:
    """The floor, the key pages and the pages that could not be measured (and why)."""
    missing: list[str] = []
    found: list[Page] = []
    worker = picks.worker
    floor = Page(FLOOR_LABEL, reverse(FLOOR), worker) if worker else None

    def add(label: str, actor: Actor | None, url: Callable[[], str], ready: object) -> None:
        if actor is None or not ready:
            missing.append(label)
        else:
            found.append(Page(label, url(), actor))

    add("caseload (casework:caseload)", worker, lambda: reverse("casework:caseload"), True)
    followup = picks.followup
    add(
        "follow-up page (casework:followup)",
        worker,
        lambda: reverse("casework:followup", args=[followup.pk if followup else 0]),
        followup,
    )
    add(
        "person search (people:person_list?q=)",
        worker,
        lambda: f"{reverse('people:person_list')}?q={picks.search_text}",
        True,
    )
    activity = picks.activity
    add(
        "activity roster (activities:activity)",
        picks.activity_actor,
        lambda: reverse("activities:activity", args=[activity.pk if activity else 0]),
        activity,
    )
    session = picks.session
    add(
        "attendance sheet (activities:session)",
        picks.activity_actor,
        lambda: reverse("activities:session", args=[session.pk if session else 0]),
        session,
    )
    add(
        "signal inbox (schooling:signal_list)",
        picks.signal_actor,
        lambda: reverse("schooling:signal_list"),
        True,
    )
    add(
        "social-offer search (directory:service_list?q=)",
        worker,
        lambda: f"{reverse('directory:service_list')}?q={picks.service_text}",
        True,
    )
    add("home dashboard (core:home)", worker, lambda: reverse("core:home"), True)
    return floor, found, missing


def query_count(page: Page) -> tuple[int, int]:
    """(status, queries) of one request in this process, with the same session."""
    client = Client(HTTP_HOST="127.0.0.1")
    for name, value in page.actor.session_cookie().items():
        client.cookies[name] = value
    with override_settings(MAILLAGE_MFA_REQUIRED_ROLES=set()):
        client.get(page.url, secure=True)  # warm caches first, as the server's are
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url, secure=True)
    return response.status_code, len(queries.captured_queries)


def load(port: int, page: Page, users: int, seconds: float) -> Load:
    """`users` threads request the page back to back for `seconds`, each on a new
    connection, as browsers without keep-alive do."""
    cookie = "; ".join(f"{k}={v}" for k, v in page.actor.session_cookie().items())
    result = Load()
    lock = threading.Lock()
    start = threading.Barrier(users + 1)
    stop_at = [0.0]

    def user() -> None:
        mine: list[float] = []
        errors = 0
        statuses: set[int] = set()
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", page.url, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                conn.close()
                status = response.status
            except OSError:
                status = 0
            if status == 200:
                mine.append((time.perf_counter() - began) * 1000)
            else:
                errors += 1
                statuses.add(status)
        with lock:
            result.latencies_ms.extend(mine)
            result.errors += errors
            result.statuses |= statuses

    threads = [threading.Thread(target=user, daemon=True) for _ in range(users)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    result.seconds = time.perf_counter() - began
    result.requests = len(result.latencies_ms)
    return result


def run(options: Options, say: Callable[[str], None]) -> list[Row]:
    floor, found, missing = pages(pick())
    rows = [Row("P1", label, "", skipped="no such object in the data") for label in missing]
    if floor is None:
        return [Row("P1", "key pages", "", skipped="no member with work in the data")]
    everything = [floor, *found]
    counts = {}
    for page in everything:
        status, count = query_count(page)
        counts[page.url] = (status, count)
        if status != 200:
            say(f"  {page.label}: status {status} in process")
    workers = max(2, min(os.cpu_count() or 2, 8))
    loads: dict[str, list[Load]] = {page.url: [] for page in everything}
    say(f"  server: gunicorn, {workers} workers; {options.users} users, {options.p1_seconds} s")
    with Server(workers) as server:
        for page in everything if options.warmup > 0 else []:  # templates, caches
            load(server.port, page, 2, options.warmup)
        for run_number in range(options.runs):
            for page in everything:  # interleaved, so a slow moment hits every page alike
                measured = load(server.port, page, options.users, options.p1_seconds)
                loads[page.url].append(measured)
                say(
                    f"  run {run_number + 1}: {page.label[:45]}: "
                    f"{measured.throughput:.1f} req/s, {measured.errors} errors"
                )
    floor_loads = loads[floor.url]
    floor_rate = [m.throughput for m in floor_loads]
    rows.insert(0, _latency(floor, floor_loads))
    rows.insert(
        0, Row("P1", f"{floor.label}: throughput", "req/s", floor_rate, note=_errors(floor_loads))
    )
    rows.insert(2, _queries(floor, counts[floor.url], None))
    for page in found:
        page_loads = loads[page.url]
        ratios = [
            m.throughput / f if f else 0.0 for m, f in zip(page_loads, floor_rate, strict=True)
        ]
        rate = sorted(m.throughput for m in page_loads)[len(page_loads) // 2]
        rows.append(
            Row(
                "P1",
                f"{page.label}: throughput / floor",
                "x",
                ratios,
                Target("at_least", 0.5),
                note=f"{rate:.1f} req/s; {_errors(page_loads)}".rstrip("; "),
            )
        )
        rows.append(_latency(page, page_loads))
        rows.append(_queries(page, counts[page.url], counts[floor.url][1]))
    return rows


def _latency(page: Page, loads: list[Load]) -> Row:
    samples = [ms for m in loads for ms in m.latencies_ms]
    return Row(
        "P1",
        f"{page.label.split(' (')[0]}: latency under load",
        "ms",
        samples,
        Target("at_most", 100, on="p95"),
        skipped="" if samples else f"no successful request ({_errors(loads)})",
    )


def _queries(page: Page, count: tuple[int, int], floor: int | None) -> Row:
    status, queries = count
    note = f"status {status}" if status != 200 else ""
    if floor is not None:
        note = f"{note}; floor {floor}".lstrip("; ")
    return Row("P1", f"{page.label.split(' (')[0]}: SQL queries", "", [float(queries)], note=note)


def _errors(loads: list[Load]) -> str:
    errors = sum(m.errors for m in loads)
    if not errors:
        return ""
    statuses = sorted({s for m in loads for s in m.statuses})
    return f"{errors} failed requests (status {', '.join(map(str, statuses))})"
