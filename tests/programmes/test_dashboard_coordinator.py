"""The coordinator's card: the team's interventions and sessions by week over 30 days, and
the overdue next steps by worker, counts only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.programmes.dashboard_queries import overdue_by_worker, team_activity
from tests.programmes.conftest_dashboards import *  # noqa: F403  (fixtures)
from tests.programmes.conftest_dashboards import today

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def values(table):
    return [cell.value for _label, cell in table.rows]


def test_team_activity_counts_the_organisations_interventions_and_sessions_by_week(
    org_a, org_b, member, outsider, make_followup, make_intervention, make_session
):
    followup = make_followup(org_a, [member], due=None)
    elsewhere = make_followup(org_b, [outsider], due=None)
    day = today()
    for ago in (0, 0, 1, 29):
        make_intervention(followup, day - timedelta(days=ago))
    make_intervention(followup, day - timedelta(days=30))  # too old
    make_intervention(elsewhere, day)  # another organisation
    make_session(org_a, day - timedelta(days=2))
    make_session(org_a, day + timedelta(days=1))  # not held yet
    make_session(org_b, day)

    activity = team_activity(org_a.pk, day)

    assert activity.interventions.total.value == 4
    assert activity.sessions.total.value == 1
    # The last week holds today's two and yesterday's when both fall in it.
    this_week = day - timedelta(days=day.weekday())
    labels = [label for label, _cell in activity.interventions.rows]
    assert labels[-1].endswith(f"{this_week:%d/%m}")
    assert values(activity.interventions)[0] == 1  # 29 days ago opens the first week
    assert sum(values(activity.interventions)) == 4


def test_overdue_next_steps_are_counted_per_worker_without_naming_young_people(
    login, coordinator, org_a, member, make_user, make_followup, make_person
):
    from maillage.core.roles import Role

    camille = make_user("camille@a.example", (org_a, Role.FIELD_WORKER), first_name="Camille")
    late = today() - timedelta(days=1)
    make_followup(org_a, [member], due=late)
    make_followup(org_a, [member, camille], due=late)
    make_followup(org_a, [camille], due=today())  # due today: not overdue
    make_followup(org_a, [camille], due=late, status="closed")
    shown = make_followup(org_a, [member], due=late)
    shown.person = make_person(org_a, None, name="Zoubida")
    shown.save()

    total, workers = overdue_by_worker(org_a.pk, today())
    assert total == 3
    assert [(w.worker, w.count) for w in workers] == [("Malik", 3), ("Camille", 1)]

    html = login(coordinator).get(HOME).content.decode()
    assert 'id="h-team-activity"' in html
    assert "Zoubida" not in html and "Z.L." not in html
    assert "<svg" in html and "bar-chart" in html


def test_team_panel_queries_do_not_grow_with_the_team_activity(
    django_assert_max_num_queries,
    login,
    coordinator,
    org_a,
    member,
    make_followup,
    make_intervention,
    make_session,
):
    made = []

    def add(n):
        for _ in range(n):
            followup = make_followup(org_a, [member], due=today() - timedelta(days=3))
            make_intervention(followup, today())
            made.append(make_session(org_a, today() - timedelta(days=1), hour=8 + len(made)))

    client = login(coordinator)
    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    add(9)
    with django_assert_max_num_queries(len(one)):
        client.get(HOME)
