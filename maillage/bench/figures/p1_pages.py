"""P1: key pages and the writes of a worker's day under 16 concurrent users on a real HTTP
server, each as a ratio to a bare Django page (bench/bare) served by the same gunicorn command
in the same run, measured just before and just after it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.bench.context import Actor
from maillage.bench.figures import p1_writes
from maillage.bench.options import Options
from maillage.bench.picks import Picks, pick
from maillage.bench.results import Row, Target, percentile
from maillage.bench.server import BARE_URL, Server
from maillage.bench.traffic import Call, Load, Maker, cookie_header, load

FLOOR_LABEL = "bare page (maillage.bench.bare)"
FLOOR_NOTE = (
    "Django's default middleware, signed in, the product's database, sessions and cache, "
    "a CSRF form and 50 rows"
)
ACCOUNT = "my account (core:account)"


@dataclass
class Page:
    label: str
    url: str
    actor: Actor | None  # None: a visitor, not signed in (public pages, the public API)


@dataclass
class Item:
    """What is measured under load: a page, a write or the bare page, on its server."""

    label: str
    makers: list[Maker]
    bare: bool = False
    reset: Callable[[], None] = lambda: None


def pages(picks: Picks) -> tuple[list[Page], list[str]]:
    """The product's pages measured (my account first) and those that could not be (why)."""
    missing: list[str] = []
    found: list[Page] = []
    worker = picks.worker

    def add(
        label: str, actor: Actor | None, url: Callable[[], str], ready: object, public: bool = False
    ) -> None:
        if (actor is None and not public) or not ready:
            missing.append(label)
        else:
            found.append(Page(label, url(), actor))

    # The former floor: the base layout with only the user's memberships, no domain query.
    add(ACCOUNT, worker, lambda: reverse("core:account"), True)
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
    # Every role's home, even when it is the busiest worker's own (measured above): the
    # same pages whatever the data, so runs and sector sizes compare line by line.
    for role, actor in picks.role_homes:
        add(f"home of the {role.lower()} (core:home)", actor, lambda: reverse("core:home"), True)
    person = followup.person if followup else None
    add(
        "person detail (people:person_detail)",
        worker,
        lambda: reverse("people:person_detail", args=[person.pk if person else 0]),
        person,
    )
    meeting = picks.meeting
    add(
        "meeting (concertation:meeting)",
        picks.meeting_actor,
        lambda: reverse("concertation:meeting", args=[meeting.pk if meeting else 0]),
        meeting,
    )
    add(
        "programme dashboard (programmes:index)",
        picks.programme_actor,
        lambda: reverse("programmes:index"),
        True,
    )
    add(
        "public activity calendar (activities:public_calendar)",
        None,
        lambda: reverse("activities:public_calendar"),
        True,
        public=True,
    )
    add("API list: public activities (/api/v1/activities)", None, lambda: "/api/v1/activities",
        True, public=True)  # fmt: skip
    return found, missing


def query_count(page: Page) -> tuple[int, int]:
    """(status, queries) of one request in this process, with the same session."""
    client = Client(HTTP_HOST="127.0.0.1")
    for name, value in (page.actor.session_cookie() if page.actor else {}).items():
        client.cookies[name] = value
    with override_settings(MAILLAGE_MFA_REQUIRED_ROLES=set()):
        client.get(page.url, secure=True)  # warm caches first, as the server's are
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url, secure=True)
    return response.status_code, len(queries.captured_queries)


class SignedIn:
    """One signed-in session per simulated user and member, as many browsers would hold:
    the same sessions on the product and on the bare page (same user table, same session
    store, same signing key)."""

    def __init__(self, users: int) -> None:
        self.users = users
        self._made: dict[tuple[int, int], list[dict[str, str]]] = {}

    def __call__(self, actor: Actor) -> list[dict[str, str]]:
        key = (actor.user.pk, actor.organisation.pk)
        if key not in self._made:
            self._made[key] = [
                Actor(actor.user, actor.organisation).session_cookie() for _ in range(self.users)
            ]
        return self._made[key]


def reading(url: str, sessions: list[dict[str, str]]) -> list[Maker]:
    def maker(cookies: dict[str, str]) -> Maker:
        call = Call("GET", url, {"Cookie": cookie_header(cookies)} if cookies else {})
        return lambda _n: call

    return [maker(cookies) for cookies in sessions]


def alternate(
    ports: dict[bool, int],
    floor: Item,
    items: list[Item],
    options: Options,
    say: Callable[[str], None],
) -> tuple[dict[str, list[Load]], list[list[Load]]]:
    """Each run measures the bare page, then each item followed by the bare page again: a
    slow moment of the machine hits an item and the floors around it alike."""

    def measure(item: Item) -> Load:
        item.reset()
        return load(ports[item.bare], item.makers, options.p1_seconds)

    loads: dict[str, list[Load]] = {item.label: [] for item in items}
    floors: list[list[Load]] = []
    for run_number in range(options.runs):
        these = [measure(floor)]
        for item in items:
            measured = measure(item)
            loads[item.label].append(measured)
            these.append(measure(floor))
            say(
                f"  run {run_number + 1}: {item.label[:45]}: {measured.throughput:.1f}/s "
                f"(bare {these[-2].throughput:.1f}, {these[-1].throughput:.1f}), "
                f"{measured.errors} errors"
            )
        floors.append(these)
    return loads, floors


def run(options: Options, say: Callable[[str], None]) -> list[Row]:
    picks = pick()
    found, missing = pages(picks)
    rows = [Row("P1", label, "", skipped="no such object in the data") for label in missing]
    worker = picks.worker
    if worker is None:
        return [Row("P1", "key pages", "", skipped="no member with work in the data")]
    counts = {}
    for page in found:
        status, count = query_count(page)
        counts[page.url] = (status, count)
        if status != 200:
            say(f"  {page.label}: status {status} in process")
    sessions = SignedIn(options.users)
    floor = Item(FLOOR_LABEL, reading(BARE_URL, sessions(worker)), bare=True)
    visitors: list[dict[str, str]] = [{} for _ in range(options.users)]
    reads = [
        Item(page.label, reading(page.url, sessions(page.actor) if page.actor else visitors))
        for page in found
    ]
    workers = max(2, min(os.cpu_count() or 2, 8))
    say(
        f"  servers: gunicorn, {workers} workers each (product; bare page); "
        f"{options.users} users, {options.p1_seconds} s per measure"
    )
    with Server(workers) as product, Server(workers, "bench-bare.log", bare=True) as bare:
        ports = {False: product.port, True: bare.port}
        writes = p1_writes.Writes()
        try:
            p1_writes.prepare(writes, product.port, picks, options.users, sessions)
            rows += [Row("P1", label, "", skipped=why) for label, why in writes.missing]
            posts = [Item(w.label, w.makers, reset=w.reset) for w in writes.writes]
            for item in [floor, *reads, *posts] if options.warmup > 0 else []:
                item.reset()  # templates, caches, connections
                load(ports[item.bare], item.makers[:2], options.warmup)
            say("  pages:")
            read_loads, read_floors = alternate(ports, floor, reads, options, say)
            # The writes after every page: what they add cannot weigh on a page measured.
            say("  writes:")
            write_loads, write_floors = alternate(ports, floor, posts, options, say)
        finally:
            left = writes.cleanup()
    all_floors = [m for run_floors in read_floors + write_floors for m in run_floors]
    rows[:0] = _floor_rows(all_floors)
    for index, page in enumerate(found):
        loads = read_loads[page.label]
        around = [(m, run_floors[index : index + 2]) for m, run_floors in zip(
            loads, read_floors, strict=True)]  # fmt: skip
        rows += [
            _throughput(page.label, around),
            _p95(page.label, around, Target("at_most", 2)),
            _queries(page, counts[page.url]),
        ]
    for index, write in enumerate(posts):
        loads = write_loads[write.label]
        around = [(m, run_floors[index : index + 2]) for m, run_floors in zip(
            loads, write_floors, strict=True)]  # fmt: skip
        cost = _cost(write.label, around)
        if left:
            cost.note = f"{cost.note}; test rows left in the database ({left})".lstrip("; ")
        rows += [cost, _p95(write.label, around, None)]
    return rows


def _rate(floors: list[Load]) -> float:
    return sum(f.throughput for f in floors) / len(floors)


def _floor_rows(floors: list[Load]) -> list[Row]:
    samples = [ms for m in floors for ms in m.latencies_ms]
    return [
        Row(
            "P1",
            f"{FLOOR_LABEL}: throughput",
            "req/s",
            [m.throughput for m in floors],
            note=f"{FLOOR_NOTE}; {_errors(floors)}".rstrip("; "),
        ),
        Row(
            "P1",
            "bare page: latency under load",
            "ms",
            samples,
            skipped="" if samples else f"no successful request ({_errors(floors)})",
        ),
    ]


def _throughput(label: str, around: list[tuple[Load, list[Load]]]) -> Row:
    ratios = [m.throughput / _rate(f) if _rate(f) else 0.0 for m, f in around]
    rates = sorted(m.throughput for m, _f in around)
    return Row(
        "P1",
        f"{label}: throughput / bare page",
        "x",
        ratios,
        Target("at_least", 0.5),
        note=f"{rates[len(rates) // 2]:.1f} req/s; {_errors([m for m, _f in around])}".rstrip("; "),
    )


def _cost(label: str, around: list[tuple[Load, list[Load]]]) -> Row:
    """A write's cost as a multiple of the bare page's: the inverse of the throughputs' ratio
    (2 means a write takes the server twice as long as the bare page)."""
    costs = [_rate(f) / m.throughput if m.throughput else float("inf") for m, f in around]
    rates = sorted(m.throughput for m, _f in around)
    return Row(
        "P1",
        f"{label}: cost / bare page",
        "x",
        costs if all(m.throughput for m, _f in around) else [],
        Target("at_most", 2),
        note=f"{rates[len(rates) // 2]:.1f} writes/s; {_errors([m for m, _f in around])}".rstrip(
            "; "
        ),
        skipped=""
        if all(m.throughput for m, _f in around)
        else (f"no successful write ({_errors([m for m, _f in around])})"),
    )


def _p95(label: str, around: list[tuple[Load, list[Load]]], target: Target | None) -> Row:
    """The p95 latency of each run over the p95 of the bare page measured around it."""
    ratios: list[float] = []
    mine: list[float] = []
    bare: list[float] = []
    for m, floors in around:
        floor_ms = [ms for f in floors for ms in f.latencies_ms]
        if m.latencies_ms and floor_ms:
            ratios.append(percentile(m.latencies_ms, 95) / percentile(floor_ms, 95))
            mine += m.latencies_ms
            bare += floor_ms
    note = (
        f"p95 {percentile(mine, 95):.0f} ms, bare page {percentile(bare, 95):.0f} ms"
        if mine
        else ""
    )
    return Row(
        "P1",
        f"{label.split(' (')[0]}: p95 latency / bare page's",
        "x",
        ratios,
        target,
        note=note,
        skipped="" if ratios else "no successful request",
    )


def _queries(page: Page, count: tuple[int, int]) -> Row:
    status, queries = count
    note = f"status {status}" if status != 200 else ""
    return Row("P1", f"{page.label.split(' (')[0]}: SQL queries", "", [float(queries)], note=note)


def _errors(loads: list[Load]) -> str:
    errors = sum(m.errors for m in loads)
    if not errors:
        return ""
    statuses = sorted({s for m in loads for s in m.statuses})
    return f"{errors} failed requests (status {', '.join(map(str, statuses))})"
