"""Personas and a hand-built dataset for the dashboards of issue 7 (imported by the
test_dashboard_*.py files).

A has one person per role of the dashboards: `member` (field worker, tests/conftest.py),
`coordinator`, `director`, `programme_lead` (programme coordinator) and `stats_viewer`. The
builders below write rows directly: the figures are checked against what was written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from maillage.activities.models import Activity, ActivityKind, Session
from maillage.casework.models import Assignment, FollowUp, Intervention, Request
from maillage.core.dashboards import HOME_PANELS, register_home_panel
from maillage.core.models import Commune, Organisation, User
from maillage.core.roles import Role
from maillage.people.models import Person
from maillage.programmes import panels
from maillage.programmes.models import FundedProject, Programme

HEADINGS = {
    "next_steps": 'id="h-next-steps"',
    "team": 'id="h-team-activity"',
    "director": 'id="h-director"',
    "programme": 'id="h-programme-figures"',
    "statistics": 'id="h-statistics-communes"',
}


def today() -> date:
    return timezone.localdate()


@pytest.fixture(autouse=True)
def dashboard_panels() -> Iterator[None]:
    """The programmes' panels, as the area's apps.py registers them."""
    providers = [
        panels.team_activity_panel,
        panels.director_panel,
        panels.programme_panel,
        panels.statistics_panel,
    ]
    added = [p for p in providers if p not in HOME_PANELS]
    for provider in providers:
        register_home_panel(provider)
    yield
    for provider in added:
        HOME_PANELS.remove(provider)


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def director(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("director@a.example", (org_a, Role.DIRECTOR), first_name="Dirk")


@pytest.fixture
def programme_lead(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("programme@a.example", (org_a, Role.PROGRAMME_COORDINATOR), first_name="Paula")


@pytest.fixture
def stats_viewer(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("stats@a.example", (org_a, Role.STATS_VIEWER), first_name="Stan")


@pytest.fixture
def ixelles(commune: Commune) -> Commune:
    return Commune.objects.get(name="Ixelles")


@pytest.fixture
def make_request(member: User) -> Callable[..., Request]:
    def make(
        org: Organisation, *, on: date, commune: Commune | None = None, **extra: Any
    ) -> Request:
        return Request.objects.create(
            organisation=org,
            received_on=on,
            requester="young_person",
            commune=commune,
            recorded_by=member,
            **extra,
        )

    return make


@pytest.fixture
def make_person(member: User) -> Callable[..., Person]:
    def make(org: Organisation, commune: Commune | None, name: str = "Nora") -> Person:
        return Person.objects.create(
            organisation=org,
            first_name=name,
            last_name="Lambert",
            commune=commune,
            created_by=member,
        )

    return make


@pytest.fixture
def make_followup(make_request: Callable[..., Request]) -> Callable[..., FollowUp]:
    def make(
        org: Organisation, workers: list[User], *, due: date | None, status: str = "open"
    ) -> FollowUp:
        request = make_request(org, on=today() - timedelta(days=60), age_band="15-17")
        followup = FollowUp.objects.create(
            organisation=org,
            request=request,
            status=status,
            opened_on=request.received_on,
            next_step="Appeler l'école",
            next_step_due=due,
        )
        for worker in workers:
            Assignment.objects.create(
                organisation=org, followup=followup, worker=worker, assigned_on=request.received_on
            )
        return followup

    return make


@pytest.fixture
def make_intervention(member: User) -> Callable[..., Intervention]:
    def make(followup: FollowUp, on: date) -> Intervention:
        return Intervention.objects.create(
            organisation=followup.organisation,
            followup=followup,
            date=on,
            duration_minutes=30,
            kind="listening",
            author=member,
        )

    return make


@pytest.fixture
def make_session(member: User, commune: Commune) -> Callable[..., Session]:
    activities: dict[int, Activity] = {}

    def make(org: Organisation, on: date, hour: int = 10, staff: User | None = None) -> Session:
        activity = activities.get(org.pk)
        if activity is None:
            activity = Activity.objects.create(
                organisation=org,
                kind=ActivityKind.WORKSHOP,
                title="Atelier",
                commune=commune,
                starts_on=today() - timedelta(days=60),
                ends_on=today() + timedelta(days=60),
                created_by=member,
            )
            activities[org.pk] = activity
        if staff is not None:
            activity.staff.add(staff)
        return Session.objects.create(
            organisation=org,
            activity=activity,
            date=on,
            starts_at=time(hour),
            ends_at=time(hour, 45),
        )

    return make


@pytest.fixture
def make_programme(org_a: Organisation) -> Callable[..., Programme]:
    def make(
        title: str = "Cohésion 2026",
        *,
        org: Organisation | None = None,
        envelope: Decimal = Decimal("100000"),
    ) -> Programme:
        return Programme.objects.create(
            organisation=org or org_a,
            title=title,
            slug=title.lower().replace(" ", "-"),
            kind="social_cohesion",
            starts_on=date(today().year, 1, 1),
            ends_on=date(today().year, 12, 31),
            envelope=envelope,
        )

    return make


def fund(
    programme: Programme, org: Organisation, amount: str, title: str = "Projet"
) -> FundedProject:
    return FundedProject.objects.create(
        programme=programme, organisation=org, title=title, amount=Decimal(amount)
    )
