"""A worker registers a known young person, opens a registration and cancels it: the search
(with and without HTMX), the French refusals at their field, the waiting list, the health
notes kept to the staff and coordinators (and their reading logged), the promotion."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.activities import services
from maillage.activities.models import Registration, RegistrationStatus
from maillage.core.audit_models import AuditEvent, AuditKind
from maillage.core.roles import Role
from maillage.people.models import Person
from tests.activities.conftest import acting

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "person-results"}
HEALTH_VIEWED = "activities.registration.health_viewed"


def create_url(activity):
    return reverse("activities:registration_create", kwargs={"pk": activity.pk})


def detail_url(registration):
    return reverse("activities:registration", kwargs={"pk": registration.pk})


def activity_url(activity, anchor=""):
    return reverse("activities:activity", kwargs={"pk": activity.pk}) + anchor


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def known(make_child, coordinator):
    """A child of A recorded by the coordinator: the worker may register them without
    being allowed to open their file."""
    child = make_child("Inès", "Martin")
    Person.objects.filter(pk=child.pk).update(created_by=coordinator)
    return child


# Finding the child


def test_search_finds_every_child_of_the_organisation_without_javascript(
    login, member, camp, known, make_child, org_b
):
    make_child("Inès", "Martin", organisation=org_b)
    response = login(member).get(create_url(camp), {"q": "martin"})
    assert response.status_code == 200
    assert [c.person for c in response.context["candidates"]] == [known]
    html = response.content.decode()
    assert f'name="person" value="{known.pk}"' in html
    assert 'type="radio"' in html


def test_search_through_htmx_returns_the_radio_buttons_only(login, member, camp, known):
    response = login(member).get(create_url(camp), {"q": "ines"}, **HTMX)
    html = response.content.decode()
    assert f'value="{known.pk}"' in html
    assert "<html" not in html


def test_a_child_already_registered_cannot_be_picked_again(login, member, camp, registration):
    html = login(member).get(create_url(camp), {"q": "nora"}).content.decode()
    assert f'value="{registration.person_id}" id="pick-{registration.person_id}" disabled' in html


def test_a_person_just_created_comes_back_chosen(login, member, camp, known):
    html = login(member).get(create_url(camp), {"jeune": known.pk}).content.decode()
    assert f'value="{known.pk}" id="pick-{known.pk}" checked' in html
    # Issue 19: "²" passed isdigit() and then int() raised; other digits name nobody.
    for other in ("²", str(known.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))):
        response = login(member).get(create_url(camp), {"jeune": other})
        assert response.status_code == 200 and "checked" not in response.content.decode()
    assert reverse("people:person_create") + "?next=" in html


# Registering


def registration_data(person, tier, **extra):
    return {
        "person": person.pk,
        "price_tier": tier.pk if tier else "",
        "guardian_name": "Samira Martin",
        "guardian_email": "samira@example.org",
        "guardian_phone": "0470 12 34 56",
        "emergency_contact": "Tante Leila 0471 00 00 00",
        "health_notes": "Asthme : inhalateur dans le sac",
        "parental_authorisation": "on",
        "photo_consent": "",
        **extra,
    }


def test_register_a_child_confirmed(login, member, camp, known, full_price):
    response = login(member).post(create_url(camp), registration_data(known, full_price))
    assert response.status_code == 302
    assert response["Location"] == activity_url(camp, "#roster")
    registration = Registration.objects.get(person=known)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.registered_by == member
    assert registration.health_notes == "Asthme : inhalateur dans le sac"
    assert registration.parental_authorisation is True
    assert registration.photo_consent is False
    page = login(member).get(response["Location"])
    assert messages_of(page) == [
        _("%(name)s is registered: the place is confirmed.") % {"name": known}
    ]


def test_a_full_camp_puts_the_child_on_the_waiting_list_with_its_position(
    login, member, camp, registration, make_child, known, full_price
):
    services.registration_create(
        actor=acting(member, camp.organisation, Role.FIELD_WORKER),
        activity=camp,
        person=make_child("Zoé", "Albert"),
        price_tier=full_price,
    )
    client = login(member)
    assert client.get(create_url(camp)).context["is_full"] is True
    response = client.post(create_url(camp), registration_data(known, full_price), follow=True)
    assert Registration.objects.get(person=known).status == RegistrationStatus.WAITING
    assert messages_of(response) == [
        _("The activity is full: %(name)s is on the waiting list (position %(position)s).")
        % {"name": known, "position": 1}
    ]


def test_a_duplicate_registration_is_refused_at_the_person(
    login, member, camp, registration, full_price
):
    response = login(member).post(
        create_url(camp), registration_data(registration.person, full_price)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [
        _("%(name)s is already registered for this activity.") % {"name": registration.person}
    ]
    html = response.content.decode()
    assert 'id="person-errors" class="form-errors" role="alert"' in html
    assert Registration.objects.count() == 1


def test_a_price_is_required_when_the_activity_has_some(login, member, camp, known):
    response = login(member).post(create_url(camp), registration_data(known, None))
    assert response.context["form"].errors["price_tier"] == [_("Choose a price.")]
    assert not Registration.objects.filter(person=known).exists()


def test_no_person_chosen(login, member, camp, full_price):
    response = login(member).post(create_url(camp), {"price_tier": full_price.pk})
    assert response.context["form"].errors["person"] == [_("Choose the young person to register.")]


def test_a_child_of_another_organisation_cannot_be_posted(
    login, member, camp, make_child, org_b, full_price
):
    stranger = make_child("Omar", "Bey", organisation=org_b)
    response = login(member).post(create_url(camp), registration_data(stranger, full_price))
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_outside_the_age_range_a_worker_is_refused_and_a_coordinator_gives_a_reason(
    login, member, coordinator, camp, make_child, full_price
):
    older = make_child("Adam", "Petit", age=16)
    response = login(member).post(create_url(camp), registration_data(older, full_price))
    assert "override_reason" not in response.context["form"].fields
    assert "person" in response.context["form"].errors

    client = login(coordinator)
    response = client.post(create_url(camp), registration_data(older, full_price))
    assert "override_reason" in response.context["form"].errors
    assert not Registration.objects.filter(person=older).exists()

    data = registration_data(older, full_price, override_reason="Accompagne son frère autiste")
    assert client.post(create_url(camp), data).status_code == 302
    registration = Registration.objects.get(person=older)
    assert registration.age_override_reason == "Accompagne son frère autiste"


def test_a_school_animation_takes_no_names(login, member, make_activity):
    from maillage.activities.models import ActivityKind

    animation = make_activity(kind=ActivityKind.SCHOOL_ANIMATION, school="Athénée")
    response = login(member).get(create_url(animation))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form registration-form"' not in html
    assert _("A school animation counts its class by headcount, not by names.") in html


# The registration's page


def test_staff_read_the_health_notes_and_the_reading_is_logged(
    login, member, coordinator, registration
):
    for reader in (member, coordinator):
        html = login(reader).get(detail_url(registration)).content.decode()
        assert "Secret-santé : allergie aux arachides" in html
        assert registration.payment_reference in html
        assert "parent.lambert@example.org" in html
    events = AuditEvent.objects.filter(action=HEALTH_VIEWED)
    assert [(e.actor, e.kind) for e in events.order_by("pk")] == [
        (member, AuditKind.READ),
        (coordinator, AuditKind.READ),
    ]
    # The log names the registration by number and initials, never the child.
    assert "Nora" not in events.first().target_label


def test_a_colleague_not_on_the_staff_does_not_see_the_health_notes(login, colleague, registration):
    html = login(colleague).get(detail_url(registration)).content.decode()
    assert "Secret-santé" not in html
    assert _("The health notes are reserved to the activity's staff and the coordinators.") in (
        html.replace("&#x27;", "'")
    )
    assert not AuditEvent.objects.filter(action=HEALTH_VIEWED).exists()


def test_the_child_file_is_linked_only_for_who_may_open_it(
    login, member, coordinator, camp, known, full_price
):
    registration = services.registration_create(
        actor=acting(coordinator, camp.organisation, Role.COORDINATOR),
        activity=camp,
        person=known,
        price_tier=full_price,
    )
    file_url = reverse("people:person_detail", kwargs={"pk": known.pk})
    assert file_url not in login(member).get(detail_url(registration)).content.decode()
    assert file_url in login(coordinator).get(detail_url(registration)).content.decode()


# Cancelling


@pytest.fixture
def full_camp(camp, registration, make_child, member, full_price):
    worker = acting(member, camp.organisation, Role.FIELD_WORKER)
    for first, last in (("Zoé", "Albert"), ("Yanis", "Bertrand"), ("Léa", "Collin")):
        services.registration_create(
            actor=worker, activity=camp, person=make_child(first, last), price_tier=full_price
        )
    return camp


def test_cancelling_a_confirmed_place_promotes_the_first_waiting(
    login, coordinator, full_camp, registration
):
    client = login(coordinator)
    url = reverse("activities:registration_cancel", kwargs={"pk": registration.pk})
    response = client.post(url, {"reason": "Malade"})
    assert response.status_code == 302
    assert response["Location"] == activity_url(full_camp, "#roster")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    yanis = Registration.objects.get(person__first_name="Yanis")
    assert yanis.status == RegistrationStatus.CONFIRMED
    page = client.get(response["Location"])
    assert messages_of(page) == [
        _("The registration of %(name)s is cancelled.") % {"name": registration.person}
        + " "
        + _("Confirmed from the waiting list: %(names)s.") % {"names": "Yanis Bertrand"}
    ]
    assert [line.registration.person.first_name for line in page.context["page"].waiting] == ["Léa"]
    event = AuditEvent.objects.get(action="activities.registration.cancelled")
    assert event.changes["reason"] == "Malade"


def test_cancelling_a_waiting_registration_promotes_nobody(login, member, full_camp):
    waiting = Registration.objects.get(person__first_name="Léa")
    response = login(member).post(
        reverse("activities:registration_cancel", kwargs={"pk": waiting.pk}), follow=True
    )
    assert messages_of(response) == [
        _("The registration of %(name)s is cancelled.") % {"name": waiting.person}
    ]
    assert Registration.objects.get(person__first_name="Yanis").status == "waiting"


def test_cancelling_twice_says_it_is_already_cancelled(login, member, registration):
    client = login(member)
    url = reverse("activities:registration_cancel", kwargs={"pk": registration.pk})
    client.post(url, follow=True)
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == detail_url(registration)
    assert messages_of(response) == [_("This registration is already cancelled.")]
    html = response.content.decode()
    assert url not in html  # no cancel form on a cancelled registration


def test_the_waiting_position_shows_on_the_registration(login, member, full_camp):
    lea = Registration.objects.get(person__first_name="Léa")
    response = login(member).get(detail_url(lea))
    assert response.context["position"] == 2
