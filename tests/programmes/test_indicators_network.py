"""Network axis: meetings held, action items closed, training hours and trainees."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from maillage.concertation.models import ActionItem, ActionStatus, Meeting, Member, Platform
from maillage.core.models import Organisation
from maillage.network.models import Training
from maillage.programmes.indicator_sets import network
from maillage.programmes.indicators import compute
from tests.programmes.test_indicators_builders import (
    AFTER,
    BEFORE,
    INSIDE,
    YEAR,
    Build,
    build_fixture,  # noqa: F401  (the `build` fixture)
    scope_of,
)


def meeting(platform: Platform, on: date, *, conference: bool = False) -> Meeting:
    return Meeting.objects.create(
        organisation_id=platform.organisation_id,
        platform=platform,
        title="Réunion",
        date=on,
        starts_at=time(9),
        ends_at=time(11),
        place="Salle",
        is_conference=conference,
    )


def test_meetings_held_and_action_items_closed(org_a: Organisation, org_b: Organisation) -> None:
    platform = Platform.objects.create(organisation=org_a, name="Plateforme")
    theirs = Platform.objects.create(organisation=org_b, name="Autre")
    first = meeting(platform, INSIDE)
    meeting(platform, YEAR.end, conference=True)
    meeting(platform, BEFORE)
    meeting(platform, AFTER)
    meeting(theirs, INSIDE)
    owner = Member.objects.create(organisation=org_a, platform=platform, name="Membre")

    def action(status: str, closed: date | None) -> None:
        ActionItem.objects.create(
            organisation=org_a,
            platform=platform,
            meeting=first,
            text="Faire",
            owner=owner,
            status=status,
            closed_on=closed,
        )

    action(ActionStatus.DONE, INSIDE)
    action(ActionStatus.DONE, YEAR.start)
    action(ActionStatus.DROPPED, INSIDE)
    action(ActionStatus.DONE, BEFORE)
    action(ActionStatus.OPEN, None)
    scope = scope_of(org_a)

    held = network.meetings(scope, YEAR)
    closed = network.action_items_closed(scope, YEAR)

    assert held.total == 2
    assert dict(held.breakdowns[0][1]) == {"meeting": 1, "conference": 1}
    assert closed.total == 3
    assert dict(closed.breakdowns[0][1]) == {"done": 2, "dropped": 1}


def test_training_hours_and_distinct_trainees(
    build: Build, org_a: Organisation, org_b: Organisation, make_user: Any
) -> None:
    people = [make_user(f"t{i}@a.example") for i in range(3)]
    first = Training.objects.create(organisation=org_a, title="Écoute", trainer="Formatrice")
    second = Training.objects.create(organisation=org_a, title="Droit", trainer="Formateur")
    old = Training.objects.create(organisation=org_a, title="Ancienne", trainer="Formateur")
    theirs = Training.objects.create(organisation=org_b, title="Autre", trainer="Formateur")
    first.participants.set(people[:2])
    second.participants.set(people[1:])
    old.participants.set(people)
    theirs.participants.set(people)
    build.training_day(first, YEAR.start, "3.5")
    build.training_day(first, INSIDE, "3")
    build.training_day(second, YEAR.end, "2")
    build.training_day(second, AFTER, "6")
    build.training_day(old, BEFORE, "6")
    build.training_day(theirs, INSIDE, "6")
    scope = scope_of(org_a)

    # 3.5 + 3 + 2 = 8.5 hours, rounded half up.
    assert network.training_hours(scope, YEAR).total == 9
    assert network.trainees(scope, YEAR).total == 3
    # Trainees are people: 3 is a small cell.
    assert str(compute("network.trainees", scope, YEAR).total) == "<5"
