"""The ESF+ participant pages: entry form, record, exit, re-entry, results, list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Organisation, User
from maillage.people.models import Person
from maillage.schooling import esf
from maillage.schooling.models import Participant, ParticipantResult
from tests.schooling.conftest import acting


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def young(org_a: Organisation, member: User) -> Person:
    return Person.objects.create(
        organisation=org_a,
        first_name="Sami",
        last_name="Exemple",
        birth_date=date(2007, 9, 15),
        created_by=member,
    )


def entry_data(person: Person, **extra: str) -> dict[str, str]:
    return {
        "person": str(person.pk),
        "entered_on": "2026-03-02",
        "gender": "man",
        "labour_status": "neet",
        "isced": "0-2",
    } | extra


def make_participant(member: User, org: Organisation, person: Person) -> Participant:
    return esf.participant_enter(
        actor=acting(member, org, "field_worker"),
        organisation=org,
        person=person,
        entered_on=date(2026, 3, 2),
        gender="man",
        labour_status="neet",
        isced="0-2",
    )


def test_entry_form_prefills_the_person_and_records_the_entry(login, member, young):
    client = login(member)
    url = reverse("schooling:participant_create")
    response = client.get(url, {"jeune": young.pk})
    assert response.status_code == 200
    assert f'value="{young.pk}"' in response.content.decode()
    response = client.post(url, entry_data(young))
    participant = Participant.objects.get()
    assert response.status_code == 302 and response["Location"] == participant.get_absolute_url()
    assert participant.age_band == "18_29"


def test_entry_form_with_sensitive_items_without_consent_shows_the_error(login, member, young):
    response = login(member).post(
        reverse("schooling:participant_create"), entry_data(young, disability="yes")
    )
    assert response.status_code == 200
    assert 'id="id_sensitive_consent_on_error"' in response.content.decode()
    assert not Participant.objects.exists()


def test_entry_form_refuses_a_person_the_worker_cannot_see(login, member, org_a):
    hidden = Person.objects.create(
        organisation=org_a, first_name="Caché", last_name="Autre", birth_date=date(2008, 1, 1)
    )
    response = login(member).post(reverse("schooling:participant_create"), entry_data(hidden))
    assert response.status_code == 200
    assert not Participant.objects.exists()


def test_second_entry_through_the_form_keeps_the_first(login, member, young, org_a):
    first = make_participant(member, org_a, young)
    response = login(member).post(
        reverse("schooling:participant_create"),
        entry_data(young, entered_on="2026-04-01", gender="non_binary"),
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert (first.entered_on, first.gender) == (date(2026, 3, 2), "man")


def test_sensitive_answers_never_appear_on_the_pages(login, member, young, org_a):
    participant = esf.participant_enter(
        actor=acting(member, org_a, "field_worker"),
        organisation=org_a,
        person=young,
        entered_on=date(2026, 3, 2),
        gender="man",
        labour_status="neet",
        isced="0-2",
        sensitive_consent_on=date(2026, 3, 2),
        sensitive={
            "disability": "yes",
            "third_country": "yes",
            "foreign_background": "yes",
            "minority": "yes",
            "other_disadvantage": "yes",
        },
    )
    client = login(member)
    for url in (reverse("schooling:participant_list"), participant.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Oui" not in html and "Yes" not in html
        assert "handicap" not in html.lower()


def test_exit_then_results_then_reentry_through_the_pages(login, member, young, org_a):
    participant = make_participant(member, org_a, young)
    client = login(member)
    exited = (today() - timedelta(days=190)).isoformat()
    # Entry was on 2 March 2026: an exit 190 days before today is after it.
    response = client.post(
        reverse("schooling:participant_exit", args=[participant.pk]),
        {"exited_on": exited, "job_searching": "on"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("schooling:participant_result", args=[participant.pk, "6-mois"]),
        {"recorded_on": today().isoformat(), "employed": "on"},
    )
    assert response.status_code == 302
    assert ParticipantResult.objects.get(moment="6_months").employed
    page = client.get(participant.get_absolute_url()).content.decode()
    assert reverse("schooling:participant_result", args=[participant.pk, "4-semaines"]) in page
    response = client.post(
        reverse("schooling:participant_reenter", args=[participant.pk]),
        {"reentered_on": "2020-01-01"},
    )
    assert response.status_code == 200  # before the exit: the error in place
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post(
        reverse("schooling:participant_reenter", args=[participant.pk]),
        {"reentered_on": today().isoformat()},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.exited_on is None and participant.entered_on == date(2026, 3, 2)


def test_unknown_result_moment_is_a_404(login, member, young, org_a):
    participant = make_participant(member, org_a, young)
    url = reverse("schooling:participant_result", args=[participant.pk, "3-ans"])
    assert login(member).get(url).status_code == 404


def test_participant_list_filters_and_queries_do_not_grow(
    login, member, org_a, django_assert_max_num_queries
):
    def person(i: int) -> Person:
        return Person.objects.create(
            organisation=org_a,
            first_name="P",
            last_name=f"N{i}",
            birth_date=date(2006, 1, 1),
            created_by=member,
        )

    client = login(member)
    make_participant(member, org_a, person(0))
    url = reverse("schooling:participant_list")
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for i in range(1, 10):
        make_participant(member, org_a, person(i))
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/scolarite/participants/") >= 10
    assert "P N3" in response.content.decode()
    # Nobody has left: the filter shows none of them (a name, not two letters that a
    # page's random token may hold).
    assert "P N3" not in client.get(url, {"state": "exited"}).content.decode()


def test_detail_page_queries_do_not_grow_with_results(
    login, member, young, org_a, django_assert_max_num_queries
):
    actor = acting(member, org_a, "field_worker")
    participant = make_participant(member, org_a, young)
    esf.participant_exit(actor=actor, participant=participant, exited_on=date(2026, 4, 1))
    client = login(member)
    with CaptureQueriesContext(connection) as ctx:
        client.get(participant.get_absolute_url())
    for moment, on in (("4_weeks", date(2026, 5, 1)), ("6_months", date(2026, 10, 1))):
        esf.participant_result_record(
            actor=actor, participant=participant, moment=moment, recorded_on=on
        )
    esf.participant_reenter(actor=actor, participant=participant, reentered_on=date(2026, 10, 2))
    esf.participant_exit(actor=actor, participant=participant, exited_on=date(2026, 10, 3))
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        response = client.get(participant.get_absolute_url())
    assert response.content.decode().count("<tr>") >= 5
