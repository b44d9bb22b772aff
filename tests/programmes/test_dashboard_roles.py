"""Each role finds its own card on the home page, and not the cards of the other roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.conftest_dashboards import *  # noqa: F403  (fixtures)
from tests.programmes.conftest_dashboards import HEADINGS

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")

SEES = {
    "member": {"next_steps"},
    "coordinator": {"next_steps", "team"},
    "director": {"next_steps", "director"},
    "programme_lead": {"programme"},
    "stats_viewer": {"statistics"},
}


@pytest.mark.parametrize("persona", list(SEES))
def test_each_role_sees_its_dashboard_panels_and_not_the_others(
    request: pytest.FixtureRequest, login, persona: str
) -> None:
    user = request.getfixturevalue(persona)
    html = login(user).get(HOME).content.decode()
    for panel, heading in HEADINGS.items():
        if panel in SEES[persona]:
            assert heading in html, f"{persona} should see the {panel} panel"
        else:
            assert heading not in html, f"{persona} should not see the {panel} panel"


def test_outsider_of_another_organisation_sees_none_of_the_dashboards(login, outsider) -> None:
    html = login(outsider).get(HOME).content.decode()
    assert not any(heading in html for heading in HEADINGS.values())
