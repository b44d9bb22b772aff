"""The list of young people: only files the user may open, searchable however names are typed."""

from datetime import date

import pytest
from django.urls import reverse

from maillage.people import services
from tests.secrets_read import secrets_read

URL = reverse("people:person_list")


def test_a_worker_lists_the_files_they_recorded_only(login, member, colleague, make_person):
    make_person("Marie", "Dupont")
    make_person("Yanis", "Haddad", actor=colleague)
    html = login(member).get(URL).content.decode()
    assert "Marie" in html and "Yanis" not in html


def test_a_coordinator_lists_every_file_of_the_organisation(
    login, coordinator, colleague, make_person, outside_worker, org_b
):
    make_person("Marie", "Dupont")
    make_person("Yanis", "Haddad", actor=colleague)
    services.person_create(
        actor=outside_worker, organisation=org_b, first_name="Zoé", last_name="Autre"
    )
    html = login(coordinator).get(URL).content.decode()
    assert "Marie" in html and "Yanis" in html and "Zoé" not in html


@pytest.mark.parametrize("text", ["dupont", "DUPONT marie", "Marie-Eve", "eve dup", "Ève"])
def test_search_ignores_accents_case_and_order(login, member, make_person, text):
    make_person("Marie-Ève", "Dupont")
    make_person("Yanis", "Haddad")
    html = login(member).get(URL, {"q": text}).content.decode()
    assert "Marie-Ève" in html and "Yanis" not in html


def test_the_list_reads_no_contact(login, member, make_person):
    make_person("Marie", "Dupont", phone="0470 12 34 56", email="marie@example.org")
    with secrets_read() as read:
        html = login(member).get(URL, {"q": "dupont"}).content.decode()
    assert "Marie" in html and read == []


def test_merged_files_are_not_listed(login, coordinator, make_person):
    keep = make_person("Marie", "Dupont")
    absorbed = make_person("Marie", "Dupond", birth_date=date(2010, 3, 4))
    services.person_merge(actor=coordinator, keep=keep, absorb=absorbed)
    html = login(coordinator).get(URL).content.decode()
    assert "DUPONT" in html and "DUPOND" not in html


def test_the_list_is_paginated(login, member, make_person):
    for i in range(30):
        make_person(f"Prénom{i:02}", "Nom", birth_date=None)
    client = login(member)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert first.count("/jeunes/") - second.count("/jeunes/") > 0
    assert "Page 2 sur 2" in second


def test_live_search_returns_only_the_results(login, member, make_person):
    make_person("Marie", "Dupont")
    response = login(member).get(
        URL, {"q": "mar"}, headers={"HX-Request": "true", "HX-Target": "person-results"}
    )
    html = response.content.decode()
    assert "<html" not in html and "Marie" in html
