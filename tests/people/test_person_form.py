"""PersonForm as other pages include it (casework records a request for a new person)."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from maillage.people.forms import PersonForm


def test_a_prefixed_form_checks_duplicates_and_offers_to_use_the_file(member, person):
    data = {"person-first_name": "Marie", "person-last_name": "Dupont"}
    form = PersonForm(data, user=member, prefix="person", pick_field="existing_person")
    assert not form.is_valid()
    assert [c.person for c in form.duplicates] == [person]
    html = render_to_string(
        "people/partials/person_fields.html", {"form": form}, request=RequestFactory().get("/")
    )
    assert 'id="person-duplicates"' in html and 'aria-live="polite"' in html
    assert "[name=&#x27;person-first_name&#x27;]" in html
    assert f'name="existing_person" value="{person.pk}"' in html
    assert 'name="person-confirm_new"' in html


def test_a_prefixed_form_is_valid_once_confirmed(member, person):
    data = {
        "person-first_name": "Marie",
        "person-last_name": "Dupont",
        "person-confirm_new": "on",
    }
    form = PersonForm(data, user=member, prefix="person")
    assert form.is_valid(), form.errors
    assert form.person_data()["first_name"] == "Marie"
    assert "confirm_new" not in form.person_data()


def test_the_live_check_keeps_the_prefix_and_the_pick_button(login, member, person):
    html = (
        login(member)
        .get(
            reverse("people:person_duplicates"),
            {
                "person-first_name": "marie",
                "person-last_name": "dupont",
                "prefix": "person",
                "pick": "existing_person",
            },
        )
        .content.decode()
    )
    assert 'name="person-confirm_new"' in html
    assert f'name="existing_person" value="{person.pk}"' in html


def test_the_live_check_ignores_a_malformed_prefix(login, member, person):
    response = login(member).get(
        reverse("people:person_duplicates"),
        {"prefix": '"><script>', "pick": "a b", "first_name": "marie", "last_name": "dupont"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in html and 'name="a b"' not in html
    assert "Marie-Ève Dupont" in html
