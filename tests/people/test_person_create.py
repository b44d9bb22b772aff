"""Recording a young person: validation in French, the duplicate check live and without
JavaScript, contacts kept out of the audit log."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from maillage.core.audit_models import AuditEvent
from maillage.people.models import HouseholdMember, Person

URL = reverse("people:person_create")


def _data(**extra):
    data = {
        "first_name": "Youssef",
        "last_name": "Benali",
        "birth_date": "2011-05-06",
        "gender": "M",
        "commune": "",
        "school": "Athénée Royal",
        "phone": "0470 99 88 77",
        "email": "youssef@example.org",
        "address": "Rue Haute 1, 1000 Bruxelles",
    }
    return {**data, **extra}


def test_worker_records_a_young_person_and_lands_on_the_file(login, member, org_a, commune):
    response = login(member).post(URL, _data(commune=commune.pk))
    person = Person.objects.get(last_name="Benali")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.organisation == org_a and person.created_by == member
    assert person.phone == "0470 99 88 77" and person.commune == commune
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM people_person WHERE id = %s", [person.pk])
        assert "0470" not in cursor.fetchone()[0]


def test_a_page_that_sent_the_worker_gets_them_back_with_the_new_person(login, member):
    client = login(member)
    back = "/activites/7/inscriptions/nouvelle/"
    form = client.get(URL, {"next": back}).content.decode()
    assert f'name="next" value="{back}"' in form
    response = client.post(f"{URL}?next={back}", _data())
    person = Person.objects.get(last_name="Benali")
    assert response["Location"] == f"{back}?jeune={person.pk}"


def test_a_next_address_on_another_site_is_ignored(login, member):
    response = login(member).post(URL, {**_data(), "next": "https://evil.example/"})
    person = Person.objects.get(last_name="Benali")
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])


def test_audit_event_names_the_fields_but_never_the_contacts(login, member):
    login(member).post(URL, _data())
    event = AuditEvent.objects.get(action="people.person.created")
    assert event.actor == member
    assert "phone" in event.changes["fields"] and "email" in event.changes["fields"]
    stored = str(event.changes)
    assert "0470" not in stored and "youssef@example.org" not in stored and "Haute" not in stored


def test_birth_date_in_the_future_is_refused_in_french_and_nothing_is_saved(login, member):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = login(member).post(URL, _data(birth_date=tomorrow.isoformat()))
    html = response.content.decode()
    assert response.status_code == 200
    assert "La date de naissance ne peut pas être dans le futur." in html
    assert 'aria-invalid="true"' in html
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="people.person.created").exists()


@pytest.mark.parametrize("missing", ["first_name", "last_name"])
def test_names_are_required(login, member, missing):
    response = login(member).post(URL, _data(**{missing: "  "}))
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("first", "last", "born"),
    [
        ("marie-eve", "DUPONT", ""),  # case and accents
        ("Dupont", "Marie Eve", ""),  # swapped first and last name
        ("Marie-Eve", "Dupond", ""),  # typo
        ("Mari", "Dupont", "2010-03-04"),  # same birth date, short first name
    ],
)
def test_live_duplicate_check_proposes_the_existing_person(
    login, member, person, first, last, born
):
    response = login(member).get(
        reverse("people:person_duplicates"),
        {"first_name": first, "last_name": last, "birth_date": born},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment for the live region
    assert "Marie-Ève Dupont" in html
    assert "né·e en 2010" in html
    assert person.get_absolute_url() in html
    assert "0470" not in html and "marie@example.org" not in html  # identity only
    assert 'name="confirm_new"' in html


def test_the_form_announces_duplicates_in_a_live_region(login, member):
    html = login(member).get(URL).content.decode()
    assert 'aria-live="polite"' in html
    assert 'data-hx-get="' + reverse("people:person_duplicates") in html
    assert 'data-hx-trigger="input changed delay:300ms"' in html


def test_duplicate_check_shows_a_colleagues_file_without_opening_it(login, colleague, person):
    html = (
        login(colleague)
        .get(reverse("people:person_duplicates"), {"first_name": "Marie", "last_name": "Dupont"})
        .content.decode()
    )
    assert "Marie-Ève Dupont" in html
    assert person.get_absolute_url() not in html
    assert "coordinateur" in html


def test_live_check_with_nothing_typed_proposes_nobody(login, member, person):
    html = login(member).get(reverse("people:person_duplicates")).content.decode()
    assert "Dupont" not in html


def test_without_javascript_the_post_proposes_the_match_and_creates_nothing(login, member, person):
    client = login(member)
    data = _data(first_name="MARIE EVE", last_name="dupont", birth_date="2010-03-04")
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette personne est peut-être déjà connue" in html
    assert person.get_absolute_url() in html
    assert Person.objects.count() == 1
    response = client.post(URL, {**data, "confirm_new": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_a_person_recorded_from_a_household_joins_it(login, member, household):
    response = login(member).post(
        f"{URL}?famille={household.pk}", {**_data(), "household-relation": "sibling"}
    )
    assert response.status_code == 302
    joined = HouseholdMember.objects.get(household=household, person__last_name="Benali")
    assert joined.relation == "sibling"


def test_a_household_out_of_scope_cannot_be_joined(login, colleague, household):
    response = login(colleague).get(f"{URL}?famille={household.pk}")
    assert response.status_code == 404


def test_service_refuses_a_future_birth_date_on_the_field(member, org_a):
    from django.core.exceptions import ValidationError

    from maillage.people.services import person_create

    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=member,
            organisation=org_a,
            first_name="A",
            last_name="B",
            birth_date=date.today() + timedelta(days=400),
        )
    assert list(caught.value.message_dict) == ["birth_date"]
    assert not Person.objects.exists()
