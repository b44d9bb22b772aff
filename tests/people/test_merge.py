"""Merging two files of the same person: coordinators only, nothing lost, nothing deleted."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.casework.models import FollowUp, Request
from maillage.core.audit_models import AuditEvent
from maillage.core.roles import Role
from maillage.people import services
from maillage.people.models import Household, HouseholdMember, Person


@pytest.fixture
def twin(make_person, colleague, commune):
    """The same young person recorded a second time, by a colleague, with other details."""
    return make_person(
        "Marie Eve", "DUPONT", actor=colleague, school="Lycée Dachsbeck", address="Rue Neuve 2"
    )


def test_merge_moves_every_row_and_keeps_both_files(
    coordinator, member, colleague, org_a, person, twin, make_request, make_followup
):
    request = make_request(twin, colleague)
    followup = make_followup(request, colleague)
    own = services.household_create(actor=colleague, organisation=org_a, name="Famille D.")
    services.household_add_member(
        actor=colleague, household=own, person=twin, relation="young_person"
    )
    kept = services.person_merge(actor=coordinator, keep=person, absorb=twin)
    twin.refresh_from_db()
    assert kept == person
    assert twin.merged_into == person and twin.merged_at is not None
    assert Person.objects.filter(pk__in=[person.pk, twin.pk]).count() == 2
    assert Request.objects.get(pk=request.pk).person == person
    assert FollowUp.objects.get(pk=followup.pk).person == person
    assert HouseholdMember.objects.get(household=own).person == person
    # Empty fields of the kept file take the other's values; filled ones stay.
    assert kept.school == "Lycée Dachsbeck" and kept.address == "Rue Neuve 2"
    assert kept.first_name == "Marie-Ève" and kept.phone == "0470 12 34 56"
    event = AuditEvent.objects.get(action="people.person.merged")
    assert event.actor == coordinator and event.target_id == str(person.pk)
    assert event.changes["absorbed"] == twin.pk
    assert sorted(event.changes["filled"]) == ["address", "school"]
    assert "Rue Neuve" not in str(event.changes)


def test_merge_of_two_members_of_one_household_keeps_the_constraint(
    coordinator, org_a, member, person, twin, household
):
    services.household_add_member(
        actor=member, household=household, person=twin, relation="sibling"
    )
    services.person_merge(actor=coordinator, keep=person, absorb=twin)
    # The kept file is in the household once; the other's membership stays in its history.
    assert HouseholdMember.objects.filter(household=household, person=person).count() == 1
    assert HouseholdMember.objects.filter(household=household, person=twin).count() == 1
    assert Household.objects.count() == 1


def test_files_merged_earlier_follow_the_merge(coordinator, person, twin, make_person):
    third = make_person("Marie", "Dupont")
    services.person_merge(actor=coordinator, keep=twin, absorb=third)
    services.person_merge(actor=coordinator, keep=person, absorb=twin)
    third.refresh_from_db()
    assert third.merged_into == person
    assert set(person.merged_from.all()) == {twin, third}


def test_merge_with_itself_is_refused_in_french(coordinator, person):
    with pytest.raises(ValidationError) as caught:
        services.person_merge(actor=coordinator, keep=person, absorb=person)
    assert caught.value.messages == ["Une personne ne peut pas être fusionnée avec elle-même."]
    person.refresh_from_db()
    assert person.merged_into is None


def test_merge_across_organisations_is_refused(coordinator, person, outside_worker, org_b):
    other = services.person_create(
        actor=outside_worker, organisation=org_b, first_name="Marie-Ève", last_name="Dupont"
    )
    with pytest.raises(ValidationError):
        services.person_merge(actor=coordinator, keep=person, absorb=other)
    assert other.merged_into is None


def test_an_already_merged_file_cannot_be_merged_again(coordinator, person, twin, make_person):
    services.person_merge(actor=coordinator, keep=person, absorb=twin)
    with pytest.raises(ValidationError):
        services.person_merge(actor=coordinator, keep=make_person("Marie", "D."), absorb=twin)


def test_field_worker_cannot_merge(member, person, twin):
    with pytest.raises(PermissionDenied):
        services.person_merge(actor=member, keep=person, absorb=twin)
    twin.refresh_from_db()
    assert twin.merged_into is None


def test_director_can_merge(make_user, org_a, person, twin):
    director = make_user("director@a.example", (org_a, Role.DIRECTOR))
    services.person_merge(actor=director, keep=person, absorb=twin)
    twin.refresh_from_db()
    assert twin.merged_into == person


def test_merge_page_proposes_duplicates_then_asks_to_confirm(login, coordinator, person, twin):
    client = login(coordinator)
    url = reverse("people:person_merge", args=[person.pk])
    html = client.get(url).content.decode()
    assert f'value="{twin.pk}"' in html and "Marie Eve DUPONT" in html
    html = client.post(url, {"other": twin.pk}).content.decode()
    assert "Fusionner les deux dossiers" in html
    twin.refresh_from_db()
    assert twin.merged_into is None  # nothing happens before the confirmation
    response = client.post(url, {"other_id": twin.pk, "confirm": "on"})
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.merged_into == person


def test_merge_page_refuses_the_same_file_in_french(login, coordinator, person):
    url = reverse("people:person_merge", args=[person.pk])
    html = login(coordinator).post(url, {"other_id": person.pk}).content.decode()
    assert "Une personne ne peut pas être fusionnée avec elle-même." in html


def test_merge_page_does_not_find_another_organisations_file(
    login, coordinator, person, outside_worker, org_b
):
    other = services.person_create(
        actor=outside_worker, organisation=org_b, first_name="Marie-Ève", last_name="Dupont"
    )
    url = reverse("people:person_merge", args=[person.pk])
    html = login(coordinator).post(url, {"other_id": other.pk, "confirm": "on"}).content.decode()
    assert "Aucun dossier ne porte ce numéro dans votre organisation." in html
    other.refresh_from_db()
    assert other.merged_into is None


def test_field_worker_is_refused_the_merge_page(login, member, person, twin):
    url = reverse("people:person_merge", args=[person.pk])
    response = login(member).post(url, {"other_id": twin.pk, "confirm": "on"})
    assert response.status_code == 403
    twin.refresh_from_db()
    assert twin.merged_into is None


def test_merged_file_points_to_the_kept_one(login, coordinator, person, twin):
    services.person_merge(actor=coordinator, keep=person, absorb=twin)
    html = login(coordinator).get(reverse("people:person_detail", args=[twin.pk])).content.decode()
    assert person.get_absolute_url() in html
    assert reverse("people:person_edit", args=[twin.pk]) not in html
    html = login(coordinator).get(person.get_absolute_url()).content.decode()
    assert f"n° {twin.pk}" in html


def test_birth_dates_of_both_files_are_compared(coordinator, person, twin):
    twin.birth_date = date(2010, 3, 5)
    twin.save()
    services.person_merge(actor=coordinator, keep=person, absorb=twin)
    person.refresh_from_db()
    assert person.birth_date == date(2010, 3, 4)  # the kept file's value wins


def test_merge_moves_the_schooling_rows_that_person_hides_its_relations_from(
    coordinator, person, twin
):
    """Absences, signals and ESF+ records point at a person with `related_name="+"`: the
    merge once walked `Person._meta.related_objects`, which leaves those out, so they stayed
    on the absorbed file while the enrolment moved."""
    from maillage.schooling.models import Absence, Enrolment, Participant, Signal
    from tests.privacy.schooling import school_file

    school_file(twin)
    services.person_merge(actor=coordinator, keep=person, absorb=twin)
    for model in (Enrolment, Absence, Signal, Participant):
        assert set(model.objects.values_list("person_id", flat=True)) == {person.pk}, model
    event = AuditEvent.objects.get(action="people.person.merged")
    assert event.changes["moved"]["schooling.absence.person"] == 3
    assert event.changes["moved"]["schooling.participant.person"] == 1
