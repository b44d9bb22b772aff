"""The field worker's "My next steps" card: their own follow-ups whose next step is overdue or
due within a week, earliest first, at most five, each a link; nothing of a colleague's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.casework.panels import NEXT_STEPS_LIMIT
from maillage.core.models import OrganisationKind
from maillage.core.roles import Role
from tests.casework.conftest import today

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def link(followup):
    return f'href="{reverse("casework:followup", kwargs={"pk": followup.pk})}"'


def card(html):
    return html.split('id="h-next-steps"')[1].split("</section>")[0]


def test_worker_sees_overdue_and_soon_next_steps_first_due_first(
    login, member, colleague, make_followup, person
):
    late = make_followup(member, person, next_step_due=today() - timedelta(days=2))
    soon = make_followup(member, next_step_due=today() + timedelta(days=7))
    later = make_followup(member, next_step_due=today() + timedelta(days=8))
    theirs = make_followup(colleague, next_step_due=today())

    html = card(login(member).get(HOME).content.decode())
    assert link(late) in html and link(soon) in html
    assert link(later) not in html and link(theirs) not in html
    assert html.index(link(late)) < html.index(link(soon))
    assert "Y.E." in html and "Yasmine" not in html  # initials only


def test_at_most_five_are_listed_with_a_link_to_the_whole_caseload(login, member, make_followup):
    rows = [make_followup(member, next_step_due=today() + timedelta(days=i)) for i in range(7)]
    html = card(login(member).get(HOME).content.decode())
    assert sum(link(f) in html for f in rows) == NEXT_STEPS_LIMIT
    assert reverse("casework:caseload") in html


def test_a_worker_with_nothing_due_is_told_so(login, member):
    html = card(login(member).get(HOME).content.decode())
    assert "<li>" not in html


@pytest.mark.parametrize("role", [Role.PROGRAMME_COORDINATOR, Role.STATS_VIEWER, Role.DPO])
def test_roles_that_do_not_work_with_young_people_get_no_next_steps_card(
    login, make_user, make_org, role
):
    org = make_org("Coordination", OrganisationKind.AMO)
    user = make_user("someone@c.example", (org, role))
    assert 'id="h-next-steps"' not in login(user).get(HOME).content.decode()


def test_next_steps_queries_do_not_grow_with_the_caseload(
    django_assert_max_num_queries, login, member, make_followup
):
    client = login(member)
    make_followup(member, next_step_due=today())
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for i in range(9):
        make_followup(member, next_step_due=today() + timedelta(days=i % 7))
    # Those not shown are counted by the caseload card's query, already run for the page.
    with django_assert_max_num_queries(len(one)):
        client.get(HOME)
