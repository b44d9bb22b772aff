""" "My sessions this week" on the dashboards of issue 7: the field worker's card (built by
activities/panels.py, tested in full in test_home_panel.py) is not shown to the programme
coordinator nor to the statistics viewer, who lead no session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.roles import Role

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.FIELD_WORKER, True),
        (Role.COORDINATOR, True),
        (Role.PROGRAMME_COORDINATOR, False),
        (Role.STATS_VIEWER, False),
    ],
)
def test_sessions_card_is_for_those_who_lead_sessions(login, make_user, org_a, camp, role, shown):
    user = make_user("someone@a.example", (org_a, role))
    camp.staff.add(user)
    html = login(user).get(HOME).content.decode()
    assert ('id="h-activities"' in html) is shown
    assert (reverse("activities:session", kwargs={"pk": camp.sessions.get().pk}) in html) is shown
