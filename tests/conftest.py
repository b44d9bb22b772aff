"""Personas shared by every test: an owner, a member and an outsider, as in healthchecks."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client

from maillage.core.communes import ensure_brussels_communes
from maillage.core.models import Commune, Membership, Organisation, OrganisationKind, User
from maillage.core.roles import Role

PASSWORD = "Correct-horse-battery-9"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    # Transactional tests flush tables between tests, which the audit log's append-only
    # triggers forbid; tests/core/test_audit_log.py installs them where it checks them.
    from maillage.core.migrations import _audit_triggers as triggers

    with django_db_blocker.unblock():
        triggers.remove(connection)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commune(db: Any) -> Commune:
    # Transactional tests flush the communes that a migration seeds: put them back.
    ensure_brussels_communes(Commune)
    return Commune.objects.get(name="Saint-Gilles")


@pytest.fixture
def make_org(commune: Commune) -> Callable[..., Organisation]:
    def make(name: str, kind: str = OrganisationKind.AMO) -> Organisation:
        return Organisation.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), kind=kind, commune=commune
        )

    return make


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(email: str, *memberships: tuple[Organisation, str], **extra: Any) -> User:
        user = User.objects.create_user(email, PASSWORD, **extra)
        for organisation, role in memberships:
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def org_a(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("AMO Alpha")


@pytest.fixture
def org_b(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("Maison Beta", OrganisationKind.NEIGHBOURHOOD_HOUSE)


@pytest.fixture
def owner(make_user: Callable[..., User], org_a: Organisation) -> User:
    """The administrator of organisation A."""
    return make_user("owner@a.example", (org_a, Role.ADMINISTRATOR), first_name="Olga")


@pytest.fixture
def member(make_user: Callable[..., User], org_a: Organisation) -> User:
    """A field worker of organisation A."""
    return make_user("member@a.example", (org_a, Role.FIELD_WORKER), first_name="Malik")


@pytest.fixture
def dpo(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("dpo@a.example", (org_a, Role.DPO), first_name="Dora")


@pytest.fixture
def outsider(make_user: Callable[..., User], org_b: Organisation) -> User:
    """The administrator of organisation B: sees nothing of A."""
    return make_user("outsider@b.example", (org_b, Role.ADMINISTRATOR), first_name="Otto")


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def do(user: User) -> Client:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return do


class MovedClock:
    """The clock of MAILLAGE_TEST_TODAY: as many days ahead of the real one as it takes to
    reach that day, still ticking; it can pause and resume without jumping back."""

    def __init__(self, day: date) -> None:
        start = datetime.combine(day, time(9), ZoneInfo("Europe/Brussels"))
        self.offset = start - datetime.now(UTC)
        self.traveller: Any = None

    def resume(self) -> None:
        self.traveller = time_machine.travel(datetime.now(UTC) + self.offset, tick=True)
        self.traveller.start()

    def pause(self) -> None:
        self.traveller.stop()


_moved_clock: list[MovedClock] = []


def pytest_configure(config: pytest.Config) -> None:
    """`MAILLAGE_TEST_TODAY=2027-07-20 uv run pytest` runs the suite as on that day (the clock
    moved by time-machine, still ticking), to prove that no test depends on the day it runs.
    Browser tests need a day after the real one: the browser keeps the real clock, and would
    drop a session cookie that expires before it."""
    day = os.environ.get("MAILLAGE_TEST_TODAY")
    if day:
        _moved_clock.append(MovedClock(date.fromisoformat(day)))
        _moved_clock[0].resume()


@pytest.fixture(autouse=True)
def _real_clock_for_child_processes(request: pytest.FixtureRequest) -> Any:
    """A test marked `real_clock` starts `maillage` in another process, which keeps the real
    clock: its own data must be dated by that clock too, so the moved clock pauses for it."""
    if not _moved_clock or request.node.get_closest_marker("real_clock") is None:
        yield
        return
    _moved_clock[0].pause()
    try:
        yield
    finally:
        _moved_clock[0].resume()
