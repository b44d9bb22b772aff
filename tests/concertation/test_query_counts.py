"""The list pages run the same number of queries whatever the amount of data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.concertation import services
from tests.concertation.conftest import today

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def grow(manager, org_a, platform, make_meeting, past_meeting, person):
    """Adds n platforms, n meetings with a decision and action items, and n members."""

    def do(n):
        for i in range(n):
            services.platform_create(actor=manager, organisation=org_a, name=f"Plateforme {i}")
            member = services.member_add(actor=manager, platform=platform, name=f"Invité {i}")
            meeting = make_meeting(today() - timedelta(days=20 - i % 10))
            services.decision_add(actor=manager, meeting=meeting, text="Décidé")
            for owner in (person, member):
                services.action_item_add(
                    actor=manager, meeting=past_meeting, text=f"Action {i}", owner=owner
                )

    return do


@pytest.mark.parametrize("persona", ["member", "coordinator"])
@pytest.mark.parametrize("page", ["list", "platform", "meeting", "next_meeting", "mine", "home"])
def test_query_count_does_not_grow_with_the_data(
    request, client, grow, platform, past_meeting, make_meeting, persona, page
):
    following = make_meeting(today() + timedelta(days=40))
    urls = {
        "list": reverse("concertation:platform_list"),
        "platform": platform.get_absolute_url(),
        "meeting": past_meeting.get_absolute_url(),
        "next_meeting": following.get_absolute_url(),
        "mine": reverse("concertation:my_actions"),
        "home": reverse("core:home"),
    }
    client.force_login(request.getfixturevalue(persona))
    grow(2)
    small = _count(client, urls[page])
    grow(12)
    assert _count(client, urls[page]) == small
