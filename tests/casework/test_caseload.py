"""My caseload: open and paused follow-ups, next steps due first, the last contact; for
coordinators and directors, the team's follow-ups as existence only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.casework import services
from maillage.casework.models import FollowUp, Status
from maillage.people.models import Person
from tests.casework.conftest import today


def _grow(make_followup, org_a, member, coordinator, n):
    persons = Person.objects.bulk_create(
        [
            Person(organisation=org_a, first_name=f"Jeune{i}", last_name=f"Nom{i}")
            for i in range(Person.objects.count(), Person.objects.count() + n)
        ]
    )
    for i, person in enumerate(persons):
        followup = make_followup(
            member, person, workers=[member, coordinator] if i % 3 == 0 else [member]
        )
        services.intervention_log(
            actor=member, followup=followup, date=today(), duration_minutes=20, kind="listening"
        )
        make_followup(coordinator, person, workers=[coordinator] if i % 2 else [member])


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["member", "coordinator"])
def test_caseload_query_count_does_not_grow_with_the_caseload(
    client, request, make_followup, org_a, member, coordinator, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("casework:caseload")
    _grow(make_followup, org_a, member, coordinator, 3)
    small = _count(client, url)
    _grow(make_followup, org_a, member, coordinator, 27)
    assert _count(client, url) == small


def test_caseload_lists_my_open_follow_ups_due_first_with_last_contact(
    client, member, colleague, make_followup, followup, person
):
    overdue = make_followup(member, person, next_step_due=today() - timedelta(days=2))
    later = make_followup(member, None, next_step_due=today() + timedelta(days=40))
    closed = make_followup(member, person)
    services.followup_close(
        actor=member,
        followup=closed,
        closed_on=today(),
        reason="Fin",
        outcome="goal_reached",
        version=closed.version,
    )
    not_mine = make_followup(colleague, person)
    client.force_login(member)
    html = client.get(reverse("casework:caseload")).content.decode()
    links = [f'href="/suivis/{f.pk}/"' for f in (overdue, followup, later)]
    positions = [html.index(link) for link in links]
    assert positions == sorted(positions)
    assert f'href="/suivis/{closed.pk}/"' not in html
    assert f'href="/suivis/{not_mine.pk}/"' not in html
    # Overdue and soon are said in words, not only shown in colour.
    assert "En retard" in html and "Cette semaine" in html
    last = (today() - timedelta(days=2)).strftime("%d/%m/%Y")  # the fixture's intervention
    assert last in html


def test_paused_follow_ups_stay_in_the_caseload(client, member, followup):
    services.followup_pause(actor=member, followup=followup, version=followup.version)
    client.force_login(member)
    html = client.get(reverse("casework:caseload")).content.decode()
    assert f'href="/suivis/{followup.pk}/"' in html and "En pause" in html
    assert followup.status == Status.PAUSED


def test_field_workers_have_no_team_section(client, member, followup):
    client.force_login(member)
    assert (
        "Accompagnements de l’équipe"
        not in client.get(reverse("casework:caseload")).content.decode()
    )


def test_requests_waiting_for_a_follow_up_can_be_opened(client, member, pending_request):
    client.force_login(member)
    html = client.get(reverse("casework:request_list")).content.decode()
    url = reverse("casework:followup_create", kwargs={"pk": pending_request.pk})
    assert url in html
    response = client.post(
        url,
        {"workers": [member.pk], "opened_on": today().isoformat(), "next_step": "Appeler l’école"},
    )
    followup = pending_request.followup
    assert response["Location"] == reverse("casework:followup", kwargs={"pk": followup.pk})
    assert list(followup.workers.all()) == [member]
    assert url not in client.get(reverse("casework:request_list")).content.decode()


def test_the_home_page_sums_up_my_caseload(client, member, dpo, followup, pending_request):
    FollowUp.objects.filter(pk=followup.pk).update(next_step_due=today() - timedelta(days=1))
    client.force_login(member)
    html = client.get(reverse("core:home")).content.decode()
    assert "1 accompagnement en cours ou en pause" in html
    assert "1 prochaine étape en retard" in html
    assert "1 demande en attente d’un accompagnement" in html
    assert reverse("casework:request_create") in html
    client.force_login(dpo)
    assert (
        reverse("casework:caseload") + '"'
        not in client.get(reverse("core:home")).content.decode().split("<main")[1]
    )


def test_caseload_rows_are_escaped_as_a_template_would(
    client, member, coordinator, make_followup, org_a
):
    """The rows are built in Python (casework.rows): names and next steps stay text."""
    person = Person.objects.create(organisation=org_a, first_name="<b>Léa</b>", last_name="& Co")
    followup = make_followup(member, person, next_step_due=today() - timedelta(days=1))
    FollowUp.objects.filter(pk=followup.pk).update(next_step="<script>x()</script>")
    client.force_login(member)
    html = client.get(reverse("casework:caseload")).content.decode()
    assert "&lt;b&gt;Léa&lt;/b&gt; &amp; Co</a>" in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "<script>x()" not in html
    assert '<tr class="overdue">' in html and '<span class="badge overdue">En retard</span>' in html
    client.force_login(coordinator)  # the team's rows: initials only
    html = client.get(reverse("casework:caseload")).content.decode()
    assert f'<a href="/suivis/{followup.pk}/">&lt;.&amp;.<span class="visually-hidden">' in html
