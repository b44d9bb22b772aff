"""A parent registers children online, without an account, on the public form.

`camp` (conftest) is public with online registration open, ages 8 to 14, two places, a full
and a reduced price and 50 % off for a sibling.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from maillage.activities import services
from maillage.activities.models import Registration, RegistrationSource, RegistrationStatus
from maillage.activities.views.public import SESSION_KEY
from maillage.casework.models import RetentionPolicy
from maillage.people.models import Person
from tests.activities.conftest import birth_date_for, today
from tests.calendars import check_calendar
from tests.privacy_notices import assert_privacy_notice

pytestmark = pytest.mark.django_db

EMAIL = "parent.dupont@example.org"


def register_url(activity: Any) -> str:
    return reverse("activities:public_register", kwargs={"pk": activity.pk})


def thanks_url(activity: Any) -> str:
    return reverse("activities:public_thanks", kwargs={"pk": activity.pk})


def form_data(activity: Any, *children: dict[str, Any], **parent: Any) -> dict[str, Any]:
    """The form as a browser posts it: three child blocks at least, the others empty."""
    tier = activity.price_tiers.order_by("position").first()
    data: dict[str, Any] = {
        "guardian_name": "Sarah Dupont",
        "guardian_email": EMAIL,
        "guardian_phone": "0470 12 34 56",
        "emergency_contact": "Marc Dupont 0471 65 43 21",
        "parental_authorisation": "on",
        "photo_consent": "on",
        "submission": str(uuid.uuid4()),
        "website": "",
        "child-TOTAL_FORMS": str(max(3, len(children))),
        "child-INITIAL_FORMS": "0",
        "child-MIN_NUM_FORMS": "1",
        "child-MAX_NUM_FORMS": "5",
    }
    for index, child in enumerate(children):
        values = {
            "first_name": "",
            "last_name": "Dupont",
            "birth_date": birth_date_for(10, activity.starts_on).isoformat(),
            "gender": "",
            "price_tier": str(tier.pk) if tier else "",
            "health_notes": "",
            **child,
        }
        for name, value in values.items():
            data[f"child-{index}-{name}"] = value
    data.update(parent)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_shows_three_child_blocks_and_a_fresh_form_identifier(client, camp) -> None:
    response = client.get(register_url(camp))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('name="child-0-first_name"') == 1
    assert 'name="child-2-first_name"' in html
    assert 'name="child-3-first_name"' not in html
    assert re.search(r'name="submission" value="[0-9a-f-]{36}"', html)
    # The prices to choose from, with who they are for.
    assert "Plein tarif" in html and "Tarif réduit" in html
    assert 'type="radio" name="child-0-price_tier"' in html
    # Health notes are said to be encrypted and read by the team only.
    assert "chiffr" in html


# Transactional: the e-mail is queued when the registration commits, and the real worker,
# which closes the connection between rounds, sends it.
@pytest.mark.django_db(transaction=True)
def test_a_parent_registers_two_children_and_receives_one_email(client, camp) -> None:
    full, reduced = camp.price_tiers.order_by("position")
    data = form_data(
        camp,
        {"first_name": "Léa", "gender": "F", "price_tier": str(full.pk)},
        {
            "first_name": "Tom",
            "birth_date": birth_date_for(9, camp.starts_on).isoformat(),
            "price_tier": str(reduced.pk),
            "health_notes": "Allergie aux noix",
        },
    )
    response = client.post(register_url(camp), data)
    assert not mail.outbox  # not sent by the request: by the worker
    call_command("db_worker", "--batch", "--interval", "0")

    assert response.status_code == 302
    assert response["Location"] == thanks_url(camp)  # no name, no number in the address
    registrations = list(Registration.objects.filter(activity=camp).order_by("pk"))
    assert [r.person.first_name for r in registrations] == ["Léa", "Tom"]
    assert {r.status for r in registrations} == {RegistrationStatus.CONFIRMED}
    assert {r.source for r in registrations} == {RegistrationSource.ONLINE}
    lea, tom = registrations
    assert lea.amount_due == 60 and not lea.sibling_reduction
    assert tom.amount_due == 10 and tom.sibling_reduction  # 20 €, half for the sibling
    assert tom.health_notes == "Allergie aux noix"
    assert lea.guardian_email == EMAIL and lea.parental_authorisation and lea.photo_consent
    assert lea.person.gender == "F"
    assert client.session[SESSION_KEY] == {str(camp.pk): [lea.pk, tom.pk]}

    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert "Stage nature" in message.subject
    assert "Léa Dupont" in message.body and "Tom Dupont" in message.body
    assert lea.payment_reference in message.body and tom.payment_reference in message.body
    page = "http://127.0.0.1:8000" + reverse("activities:public_activity", kwargs={"pk": camp.pk})
    assert page in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("seances.ics", "text/calendar")
    [event] = check_calendar(content.encode()).walk("VEVENT")
    assert event["URL"] == page

    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert "Léa Dupont" in html and "Tom Dupont" in html
    assert lea.payment_reference in html
    assert "e-mail" in html


def test_the_thanks_page_tells_who_is_confirmed_and_who_waits(client, camp) -> None:
    data = form_data(camp, {"first_name": "Ana"}, {"first_name": "Bilal"}, {"first_name": "Chloé"})
    response = client.post(register_url(camp), data)
    assert response.status_code == 302
    statuses = dict(
        Registration.objects.filter(activity=camp).values_list("person__first_name", "status")
    )
    assert statuses == {
        "Ana": RegistrationStatus.CONFIRMED,
        "Bilal": RegistrationStatus.CONFIRMED,
        "Chloé": RegistrationStatus.WAITING,
    }
    html = client.get(thanks_url(camp)).content.decode()
    confirmed, waiting = html.split('id="h-waiting"')
    assert "Ana Dupont" in confirmed and "Bilal Dupont" in confirmed
    assert "Chloé Dupont" in waiting and "Chloé Dupont" not in confirmed


def test_the_thanks_page_shows_nothing_to_another_browser(client, camp) -> None:
    client.post(register_url(camp), form_data(camp, {"first_name": "Léa"}))
    client.cookies.clear()
    html = client.get(thanks_url(camp)).content.decode()
    assert "Léa" not in html


def test_the_same_form_posted_twice_registers_once(client, camp) -> None:
    data = form_data(camp, {"first_name": "Léa"})
    first = client.post(register_url(camp), data)
    second = client.post(register_url(camp), data)
    assert first.status_code == second.status_code == 302
    assert Registration.objects.filter(activity=camp).count() == 1
    assert Person.objects.filter(first_name="Léa").count() == 1


def test_empty_optional_blocks_are_ignored_even_before_a_filled_one(client, camp) -> None:
    data = form_data(camp, {"first_name": "Léa"}, {"first_name": "", "last_name": ""})
    data.update(
        {
            "child-1-birth_date": "",
            "child-1-price_tier": "",
            "child-2-first_name": "Tom",
            "child-2-last_name": "Dupont",
            "child-2-birth_date": birth_date_for(11, camp.starts_on).isoformat(),
            "child-2-price_tier": str(camp.price_tiers.first().pk),
        }
    )
    response = client.post(register_url(camp), data)
    assert response.status_code == 302
    names = set(Registration.objects.values_list("person__first_name", flat=True))
    assert names == {"Léa", "Tom"}


def errors_of(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_child_outside_the_age_range_is_refused_at_their_birth_date(client, camp) -> None:
    too_young = birth_date_for(5, camp.starts_on).isoformat()
    data = form_data(camp, {"first_name": "Léa"}, {"first_name": "Tom", "birth_date": too_young})
    response = client.post(register_url(camp), data)
    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    [message] = formset.forms[1].errors["birth_date"]
    assert "Tom Dupont" in message and "5" in message
    assert 'id="id_child-1-birth_date_error"' in errors_of(response)
    assert not Registration.objects.exists()  # not even Léa: all or nothing
    assert not Person.objects.filter(first_name="Léa").exists()


def test_the_age_error_lands_on_the_right_block_when_one_is_left_empty(client, camp) -> None:
    too_old = birth_date_for(16, camp.starts_on).isoformat()
    data = form_data(camp, {"first_name": "Léa"})
    data.update(
        {
            "child-2-first_name": "Tom",
            "child-2-last_name": "Dupont",
            "child-2-birth_date": too_old,
            "child-2-price_tier": str(camp.price_tiers.first().pk),
        }
    )
    formset = client.post(register_url(camp), data).context["formset"]
    assert formset.forms[1].errors == {}
    assert "Tom Dupont" in formset.forms[2].errors["birth_date"][0]
    assert not Registration.objects.exists()


def test_the_same_child_twice_in_the_form_is_refused(client, camp) -> None:
    data = form_data(camp, {"first_name": "Léa"}, {"first_name": "Léa"})
    formset = client.post(register_url(camp), data).context["formset"]
    assert formset.forms[1].errors["first_name"]
    assert not Registration.objects.exists()


def test_a_child_already_registered_is_refused_with_its_name(client, camp) -> None:
    client.post(register_url(camp), form_data(camp, {"first_name": "Léa"}))
    again = form_data(camp, {"first_name": "Léa"})
    formset = client.post(register_url(camp), again).context["formset"]
    assert "Léa Dupont" in formset.forms[0].errors["first_name"][0]
    assert Registration.objects.count() == 1


def test_the_parental_authorisation_is_required(client, camp) -> None:
    data = form_data(camp, {"first_name": "Léa"}, parental_authorisation=None)
    response = client.post(register_url(camp), data)
    assert response.context["parent"].errors["parental_authorisation"]
    assert 'role="alert"' in errors_of(response)
    assert not Registration.objects.exists()


def test_a_registration_without_any_child_is_refused(client, camp) -> None:
    data = form_data(camp)
    response = client.post(register_url(camp), data)
    formset = response.context["formset"]
    assert not formset.is_valid()
    assert formset.forms[0].errors["first_name"]
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_an_email_address_is_required(client, camp) -> None:
    data = form_data(camp, {"first_name": "Léa"}, guardian_email="")
    response = client.post(register_url(camp), data)
    assert response.context["parent"].errors["guardian_email"]
    assert not Registration.objects.exists()


def test_a_price_must_be_chosen(client, camp) -> None:
    data = form_data(camp, {"first_name": "Léa", "price_tier": ""})
    formset = client.post(register_url(camp), data).context["formset"]
    assert formset.forms[0].errors["price_tier"]


def test_a_free_activity_asks_for_no_price(client, make_activity) -> None:
    workshop = make_activity(title="Atelier gratuit", places=None)
    html = client.get(register_url(workshop)).content.decode()
    assert "price_tier" not in html
    response = client.post(register_url(workshop), form_data(workshop, {"first_name": "Léa"}))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.price_tier is None and registration.amount_due == 0


def test_closed_registration_shows_no_form_and_saves_nothing(client, camp, member) -> None:
    services.activity_update(actor=member, activity=camp, registration_open=False)
    html = client.get(register_url(camp)).content.decode()
    assert 'name="guardian_name"' not in html
    assert "fermées" in html or "closed" in html
    response = client.post(register_url(camp), form_data(camp, {"first_name": "Léa"}))
    assert response.status_code == 200
    assert response.context["parent"].non_field_errors()
    assert not Registration.objects.exists()


def test_an_activity_that_has_ended_takes_no_registration(client, make_activity) -> None:
    past = make_activity(starts_on=today() - timedelta(days=10))
    assert past.ends_on < today()
    response = client.post(register_url(past), form_data(past, {"first_name": "Léa"}))
    assert response.context["parent"].non_field_errors()
    assert not Registration.objects.exists()


def test_add_a_child_shows_one_more_block_and_keeps_what_was_typed(client, camp) -> None:
    data = form_data(camp, {"first_name": "Léa"}, add_child="1", parental_authorisation=None)
    response = client.post(register_url(camp), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="child-3-first_name"' in html and 'name="child-4-first_name"' not in html
    assert 'value="Léa"' in html and 'value="Sarah Dupont"' in html
    assert 'name="child-TOTAL_FORMS" value="4"' in html
    assert 'name="child-INITIAL_FORMS" value="0"' in html
    assert 'role="alert"' not in html  # nothing was sent: no error yet
    assert data["submission"] in html
    assert not Registration.objects.exists()
    # The new block has the focus, for a keyboard.
    assert re.search(r'<input[^>]*name="child-3-first_name"[^>]*autofocus', html)


def test_no_more_than_five_children_in_one_form(client, camp) -> None:
    data = form_data(camp, *({"first_name": f"Enfant{i}"} for i in range(5)), add_child="1")
    html = client.post(register_url(camp), data).content.decode()
    assert 'name="child-4-first_name"' in html and 'name="child-5-first_name"' not in html
    assert 'name="add_child"' not in html


def test_a_form_identifier_sent_again_for_another_activity_is_refused(
    client, camp, make_activity
) -> None:
    """The identifier makes a repeated post safe; for another activity it must neither
    register nor answer with the first form's children."""
    other = make_activity(
        kind=camp.kind, title="Stage cirque", is_public=True, registration_open=True
    )
    data = form_data(camp, {"first_name": "Léa"})
    assert client.post(register_url(camp), data).status_code == 302
    again = {**form_data(other, {"first_name": "Tom"}), "submission": data["submission"]}
    response = client.post(register_url(other), again)
    assert response.status_code == 200  # the form again, with its errors
    assert "Léa" not in response.content.decode()
    assert not Registration.objects.filter(activity=other).exists()
    with pytest.raises(ValidationError) as refused:
        services.registrations_submit_online(
            activity=other,
            submission=uuid.UUID(data["submission"]),
            children=[{"first_name": "Tom", "last_name": "Dupont", "birth_date": today()}],
            guardian_name="Sarah Dupont",
            guardian_email=EMAIL,
            guardian_phone="",
            emergency_contact="",
            parental_authorisation=True,
            photo_consent=False,
        )
    assert refused.value.message_dict == {
        "submission": ["Cet identifiant a déjà servi pour une autre inscription."]
    }


def test_the_form_tells_parents_what_happens_to_their_data_with_the_teams_own_delay(
    client: Any, camp: Any, org_a: Any
) -> None:
    org_a.dpo_email = "dpo@alpha.example"
    org_a.save()
    RetentionPolicy.objects.create(organisation=org_a, request_months=6)
    html = client.get(register_url(camp)).content.decode()
    assert_privacy_notice(
        html,
        org_a,
        "Vos coordonnées et les informations de santé sont effacées 6 mois après la fin de la "
        "dernière activité à laquelle votre enfant est inscrit",
    )
