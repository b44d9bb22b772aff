"""Households: created from a file, members added among the files one may open."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.people import services
from maillage.people.models import Household, HouseholdMember


def test_a_household_is_created_from_a_file_with_the_person_in_it(login, member, person):
    response = login(member).post(
        reverse("people:household_create", args=[person.pk]),
        {"name": "Famille Dupont", "relation": "young_person"},
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == household.get_absolute_url()
    member_row = HouseholdMember.objects.get(household=household)
    assert member_row.person == person and member_row.relation == "young_person"
    assert AuditEvent.objects.filter(action="people.household.created").count() == 1


def test_a_household_needs_a_name(login, member, person):
    html = (
        login(member)
        .post(
            reverse("people:household_create", args=[person.pk]),
            {"name": " ", "relation": "parent"},
        )
        .content.decode()
    )
    assert "Ce champ est obligatoire." in html
    assert not Household.objects.exists()


def test_a_relative_is_found_and_added_with_their_relation(login, member, household, make_person):
    mother = make_person("Fatima", "El Amrani", birth_date=date(1980, 6, 1))
    client = login(member)
    url = household.get_absolute_url()
    html = client.get(url, {"q": "amrani"}).content.decode()
    assert "Fatima El Amrani" in html
    response = client.post(
        reverse("people:household_add_member", args=[household.pk]),
        {
            "prefix": f"p{mother.pk}",
            f"p{mother.pk}-person": mother.pk,
            f"p{mother.pk}-relation": "parent",
        },
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.get(household=household, person=mother).relation == "parent"
    assert mother.get_absolute_url() in client.get(url).content.decode()


def test_a_file_the_worker_may_not_open_cannot_be_added(
    login, member, colleague, household, make_person
):
    other = make_person("Awa", "Diallo", actor=colleague)
    client = login(member)
    assert (
        "Diallo" not in client.get(household.get_absolute_url(), {"q": "diallo"}).content.decode()
    )
    response = client.post(
        reverse("people:household_add_member", args=[household.pk]),
        {"person": other.pk, "relation": "parent"},
        follow=True,
    )
    assert not HouseholdMember.objects.filter(person=other).exists()
    assert "Cette personne ne peut pas être ajoutée" in response.content.decode()


def test_a_person_is_in_a_household_once(member, person, household):
    with pytest.raises(ValidationError) as caught:
        services.household_add_member(
            actor=member, household=household, person=person, relation="sibling"
        )
    assert "person" in caught.value.message_dict


def test_a_person_of_another_organisation_cannot_join(household, outside_worker, org_b):
    stranger = services.person_create(
        actor=outside_worker, organisation=org_b, first_name="Zoé", last_name="Autre"
    )
    with pytest.raises(ValidationError):
        services.household_add_member(
            actor=outside_worker, household=household, person=stranger, relation="other"
        )


def test_a_member_is_removed_and_the_removal_audited(login, member, person, household):
    membership = HouseholdMember.objects.get(household=household, person=person)
    response = login(member).post(
        reverse("people:household_remove_member", args=[household.pk, membership.pk]),
        {"next": person.get_absolute_url()},
    )
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert not HouseholdMember.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(action="people.household.member_removed")
    assert event.changes == {"person": person.pk, "relation": "young_person"}


def test_a_removal_never_redirects_off_site(login, member, person, household):
    membership = HouseholdMember.objects.get(household=household, person=person)
    response = login(member).post(
        reverse("people:household_remove_member", args=[household.pk, membership.pk]),
        {"next": "https://evil.example/"},
    )
    assert "evil" not in response["Location"]


def test_a_colleague_cannot_remove_a_member_whose_file_they_may_not_open(
    login, colleague, member, person, household, make_person
):
    theirs = make_person("Awa", "Diallo", actor=colleague)
    services.household_add_member(
        actor=member, household=household, person=theirs, relation="parent"
    )
    membership = HouseholdMember.objects.get(household=household, person=person)
    response = login(colleague).post(
        reverse("people:household_remove_member", args=[household.pk, membership.pk])
    )
    assert response.status_code == 404
    assert HouseholdMember.objects.filter(pk=membership.pk).exists()


def test_a_household_is_hidden_from_workers_who_see_none_of_its_members(
    login, colleague, household
):
    assert login(colleague).get(household.get_absolute_url()).status_code == 404


def test_reading_a_household_is_logged(login, member, household):
    login(member).get(household.get_absolute_url())
    assert AuditEvent.objects.filter(action="people.household.viewed", actor=member).exists()
