"""The collective axis's card on the home page: the sessions I lead this week, each a link to
its attendance page, and the waiting lists of the organisation's activities to come."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.activities import services
from maillage.activities.models import ActivityKind, RegistrationStatus
from maillage.core.roles import Role
from tests.activities.conftest import acting, today

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def session_link(session):
    return f'href="{reverse("activities:session", kwargs={"pk": session.pk})}"'


def add_session(member, activity, days, hour=14):
    return services.session_add(
        actor=acting(member, activity.organisation, Role.FIELD_WORKER),
        activity=activity,
        date=today() + timedelta(days=days),
        starts_at=time(hour),
        ends_at=time(hour + 1),
    )


def register(member, activity, child):
    return services.registration_create(
        actor=acting(member, activity.organisation, Role.FIELD_WORKER),
        activity=activity,
        person=child,
        price_tier=activity.price_tiers.first(),
    )


@pytest.fixture
def workshop(make_activity):
    """A workshop of A, led by `member`, running for a month."""
    return make_activity(title="Atelier djembé", ends_on=today() + timedelta(days=30))


def test_staff_sees_their_sessions_of_the_next_seven_days_with_links(
    login, member, workshop, session
):
    later = [add_session(member, workshop, days) for days in (1, 6)]
    too_late = add_session(member, workshop, 7)
    html = login(member).get(HOME).content.decode()
    assert 'id="h-activities"' in html
    for shown in (session, *later):
        assert session_link(shown) in html
    assert session_link(too_late) not in html
    assert html.index(session_link(session)) < html.index(session_link(later[0]))


def test_past_sessions_and_activities_led_by_others_are_not_listed(
    login, member, colleague, workshop, make_activity
):
    past = add_session(member, workshop, 0)
    yesterday = services.session_add(
        actor=member,
        activity=make_activity(title="Hier", starts_on=today() - timedelta(days=3)),
        date=today() - timedelta(days=1),
        starts_at=time(10),
        ends_at=time(11),
    )
    colleague_html = login(colleague).get(HOME).content.decode()
    assert session_link(past) not in colleague_html  # not on its staff
    member_html = login(member).get(HOME).content.decode()
    assert session_link(past) in member_html
    assert session_link(yesterday) not in member_html


def test_another_organisation_s_sessions_never_show(
    login, member, outside_worker, org_b, workshop, make_activity
):
    theirs = make_activity(title="Chez B", organisation=org_b, staff=[outside_worker])
    mine_elsewhere = add_session(member, theirs, 1)
    # `member` is on B's staff list by mistake: still not shown while working for A.
    theirs.staff.add(member)
    assert session_link(mine_elsewhere) not in login(member).get(HOME).content.decode()


def test_waiting_lists_of_upcoming_activities_are_counted_with_links(
    login, colleague, member, camp, registration, make_child
):
    register(member, camp, make_child("Zoé", "Albert"))
    waiting = [register(member, camp, make_child(name, "Bertrand")) for name in ("Yanis", "Lou")]
    assert {r.status for r in waiting} == {RegistrationStatus.WAITING}
    html = login(colleague).get(HOME).content.decode()
    assert f'href="{camp.get_absolute_url()}"' in html
    assert "Stage nature" in html
    # French once the catalogue has the new strings, English before.
    assert "2 enfants en attente" in html or "2 children waiting" in html


def test_no_card_without_the_work_with_young_people_permission(login, dpo, owner, camp):
    for user in (dpo, owner):
        html = login(user).get(HOME).content.decode()
        assert 'id="h-activities"' not in html


def test_card_costs_the_same_queries_whatever_the_number_of_sessions_and_waiting(
    login, member, workshop, camp, registration, make_child, make_activity
):
    client = login(member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured)

    add_session(member, workshop, 1)
    register(member, camp, make_child("Zoé", "Albert"))
    register(member, camp, make_child("Yanis", "Bertrand"))
    few = queries()
    for days in range(2, 7):
        add_session(member, workshop, days)
        add_session(member, workshop, days, hour=17)
    for index in range(3):
        other = make_activity(
            kind=ActivityKind.WORKSHOP, title=f"Atelier {index}", places=1, staff=[member]
        )
        register(member, other, make_child(f"Ana{index}", "Costa"))
        register(member, other, make_child(f"Ben{index}", "Costa"))
        add_session(member, other, 1, hour=9)
    for index in range(4):
        register(member, camp, make_child(f"Zia{index}", "Dubois"))
    assert queries() == few
