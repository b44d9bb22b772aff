"""A public form posted by a robot: the honeypot field and the limit of submissions per
address. A clear French message, and nothing saved."""

from __future__ import annotations

import pytest
from django.test import override_settings

from maillage.activities.models import Registration
from maillage.people.models import Person
from tests.activities.test_public_registration import form_data, register_url

pytestmark = pytest.mark.django_db


def test_the_honeypot_is_hidden_from_people_and_out_of_the_tab_order(client, camp) -> None:
    html = client.get(register_url(camp)).content.decode()
    trap = html.split('<div class="trap" aria-hidden="true">')[1].split("</div>")[0]
    assert 'name="website"' in trap
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    assert "Laissez ce champ vide" in trap


def test_a_filled_honeypot_saves_nothing_and_says_so(client, camp) -> None:
    data = form_data(camp, {"first_name": "Léa"}, website="http://spam.example")
    response = client.post(register_url(camp), data)
    assert response.status_code == 200
    [error] = response.context["parent"].non_field_errors()
    assert "n’a pas pu être envoyée" in error
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "spam.example" not in html  # a person whose browser filled it just sends again
    assert not Registration.objects.exists() and not Person.objects.exists()


@override_settings(MAILLAGE_PUBLIC_FORM_LIMIT=2)
def test_too_many_submissions_from_one_address_get_a_429(client, camp) -> None:
    for name in ("Ana", "Bilal"):
        response = client.post(register_url(camp), form_data(camp, {"first_name": name}))
        assert response.status_code == 302
    response = client.post(register_url(camp), form_data(camp, {"first_name": "Chloé"}))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de formulaires" in html and 'role="alert"' in html
    assert not Registration.objects.filter(person__first_name="Chloé").exists()
    # Another address is not held back; showing the form is not a submission.
    other = client.post(
        register_url(camp), form_data(camp, {"first_name": "Driss"}), REMOTE_ADDR="192.0.2.9"
    )
    assert other.status_code == 302
    assert client.get(register_url(camp)).status_code == 200


@override_settings(MAILLAGE_PUBLIC_FORM_LIMIT=1)
def test_adding_a_child_block_is_not_a_submission(client, camp) -> None:
    for _ in range(3):
        data = form_data(camp, {"first_name": "Léa"}, add_child="1")
        assert client.post(register_url(camp), data).status_code == 200
    response = client.post(register_url(camp), form_data(camp, {"first_name": "Léa"}))
    assert response.status_code == 302
