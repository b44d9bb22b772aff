"""The schooling area's links on the person and follow-up pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from maillage.casework import services
from maillage.people.models import Person
from tests.schooling.conftest import acting

pytestmark = pytest.mark.django_db


def test_the_person_page_links_to_the_school_or_work_situation(login, coordinator, org_a):
    person = Person.objects.create(organisation=org_a, first_name="Lina", last_name="Exemple")
    page = login(coordinator).get(person.get_absolute_url()).content.decode()
    assert f'href="{reverse("schooling:status_timeline", args=[person.pk])}"' in page
    assert "Situation scolaire ou professionnelle" in page


def test_the_follow_up_page_offers_to_record_the_situation(login, coordinator, org_a):
    person = Person.objects.create(organisation=org_a, first_name="Lina", last_name="Exemple")
    acting(coordinator, org_a, "coordinator")
    request = services.request_record(
        actor=coordinator,
        organisation=org_a,
        received_on=date(2026, 1, 5),
        requester="school",
        themes=["schooling"],
        person=person,
    )
    followup = services.followup_open(
        actor=coordinator, request=request, workers=[coordinator], opened_on=date(2026, 1, 6)
    )
    page = login(coordinator).get(followup.get_absolute_url()).content.decode()
    url = reverse("schooling:status_create", args=[person.pk])
    assert f'href="{url}?suivi={followup.pk}"' in page


def test_an_administrator_sees_no_schooling_link(login, owner, org_a):
    person = Person.objects.create(
        organisation=org_a, first_name="Lina", last_name="Exemple", created_by=owner
    )
    response = login(owner).get(person.get_absolute_url())
    if response.status_code == 200:
        assert "Situation scolaire" not in response.content.decode()
