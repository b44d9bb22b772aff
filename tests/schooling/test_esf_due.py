"""Reminders of the ESF+ results due 4 weeks and 6 months after exit: the list page, the
query behind it and the home panel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Organisation, User
from maillage.people.models import Person
from maillage.schooling import esf
from maillage.schooling.esf_queries import DUE_SOON_DAYS, results_due
from maillage.schooling.models import Participant, ResultMoment
from maillage.schooling.panels_esf import esf_panel


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def leaver(worker: User, org_a: Organisation):
    """`leaver("Nom", exited_days_ago)`: a participant of A who left that many days ago."""
    count = 0

    def make(last_name: str, days_ago: int) -> Participant:
        nonlocal count
        count += 1
        person = Person.objects.create(
            organisation=org_a,
            first_name="Jeune",
            last_name=last_name,
            birth_date=date(2007, 1, 1),
            created_by=worker,
        )
        participant = esf.participant_enter(
            actor=worker,
            organisation=org_a,
            person=person,
            entered_on=today() - timedelta(days=days_ago + 30),
            gender="man",
            labour_status="neet",
            isced="0-2",
        )
        return esf.participant_exit(
            actor=worker, participant=participant, exited_on=today() - timedelta(days=days_ago)
        )

    return make


def test_results_due_lists_overdue_first_then_due_soon_and_not_later(worker, leaver):
    leaver("Bientôt", 28 - 5)  # 4 weeks due in 5 days
    leaver("Retard", 40)  # 4 weeks overdue by 12 days
    leaver("Tard", 28 - DUE_SOON_DAYS - 1)  # due after the horizon: not yet listed
    leaver("Six", 200)  # 4 weeks and 6 months both overdue
    due = results_due(worker)
    listed = [(d.participant.person.last_name, d.moment, d.overdue) for d in due]
    assert listed == [
        ("Six", ResultMoment.WEEKS_4, True),
        ("Six", ResultMoment.MONTHS_6, True),  # about 17 days ago
        ("Retard", ResultMoment.WEEKS_4, True),
        ("Bientôt", ResultMoment.WEEKS_4, False),
    ]
    assert [d.due_on for d in due] == sorted(d.due_on for d in due)


def test_a_recorded_result_is_no_longer_due(worker, leaver):
    participant = leaver("Retard", 40)
    esf.participant_result_record(
        actor=worker,
        participant=participant,
        moment=ResultMoment.WEEKS_4,
        recorded_on=today(),
        employed=True,
    )
    assert results_due(worker) == []


def test_a_reentered_participant_has_nothing_due(worker, leaver):
    participant = leaver("Revenu", 40)
    esf.participant_reenter(actor=worker, participant=participant, reentered_on=today())
    assert results_due(worker) == []


def test_results_due_page_links_to_the_result_form(login, member, leaver):
    participant = leaver("Retard", 40)
    response = login(member).get(reverse("schooling:results_due"))
    assert response.status_code == 200
    url = reverse("schooling:participant_result", args=[participant.pk, "4-semaines"])
    assert url in response.content.decode()


def test_results_due_page_queries_do_not_grow_with_rows(
    login, member, leaver, django_assert_max_num_queries
):
    client = login(member)
    leaver("Un", 40)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("schooling:results_due"))
    for i in range(9):
        leaver(f"Autre{i}", 40 + i)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get(reverse("schooling:results_due"))


def test_home_panel_counts_overdue_and_soon_and_renders(login, member, leaver):
    leaver("Retard", 40)
    leaver("Bientôt", 25)
    request = login(member).get(reverse("core:home")).wsgi_request
    panel = esf_panel(request)
    assert panel is not None
    assert (panel.context["overdue"], panel.context["soon"]) == (1, 1)
    html = render_to_string(panel.template, {"panel": panel.context}, request=request)
    assert reverse("schooling:results_due") in html


def test_no_home_panel_when_nothing_is_due_or_for_an_administrator(login, member, owner, leaver):
    assert esf_panel(login(member).get(reverse("core:home")).wsgi_request) is None
    leaver("Retard", 40)
    assert esf_panel(login(owner).get(reverse("core:home")).wsgi_request) is None
