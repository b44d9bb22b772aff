"""The registration rules: capacity, the waiting list, ages, duplicates, siblings, prices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.activities import services
from maillage.activities.models import (
    ActivityKind,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from maillage.core.audit_models import AuditEvent
from maillage.core.roles import Role
from tests.activities.conftest import acting

pytestmark = pytest.mark.django_db


def register(actor, activity, person, **extra):
    return services.registration_create(
        actor=acting(actor, activity.organisation, *extra.pop("roles", [Role.FIELD_WORKER])),
        activity=activity,
        person=person,
        price_tier=extra.pop("price_tier", activity.price_tiers.first()),
        **extra,
    )


def test_registrations_are_confirmed_until_the_places_are_taken(camp, member, make_child) -> None:
    first, second, third = (make_child(name) for name in ("Ana", "Bilal", "Chloé"))
    assert register(member, camp, first).status == RegistrationStatus.CONFIRMED
    assert register(member, camp, second).status == RegistrationStatus.CONFIRMED
    waiting = register(member, camp, third)
    assert waiting.status == RegistrationStatus.WAITING
    assert waiting.waiting_since is not None
    assert camp.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 2


# Transactional: the task worker runs the e-mail task on its own connection.
@pytest.mark.django_db(transaction=True)
def test_a_cancellation_promotes_the_first_child_waiting_and_tells_the_parent(
    camp, member, make_child, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    from django.core.management import call_command

    confirmed = [register(member, camp, make_child(n)) for n in ("Ana", "Bilal")]
    first_waiting = register(
        member, camp, make_child("Chloé"), guardian_email="parent.chloe@example.org"
    )
    second_waiting = register(member, camp, make_child("Driss"))
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=member, registration=confirmed[0], reason="Malade")
    call_command("db_worker", "--batch", "--interval", "0")
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert second_waiting.status == RegistrationStatus.WAITING
    promoted = [m for m in mailoutbox if m.to == ["parent.chloe@example.org"]][-1]
    assert "place" in promoted.subject.lower()
    assert "Chloé" in promoted.body
    assert promoted.attachments[0][0] == "seances.ics"
    assert AuditEvent.objects.filter(action="activities.registration.promoted").count() == 1


def test_cancelling_a_waiting_registration_promotes_nobody(camp, member, make_child) -> None:
    for name in ("Ana", "Bilal"):
        register(member, camp, make_child(name))
    waiting = [register(member, camp, make_child(n)) for n in ("Chloé", "Driss")]
    services.registration_cancel(actor=member, registration=waiting[0])
    waiting[1].refresh_from_db()
    assert waiting[1].status == RegistrationStatus.WAITING


def test_a_registration_cannot_be_cancelled_twice(registration, member) -> None:
    services.registration_cancel(actor=member, registration=registration)
    with pytest.raises(ValidationError) as caught:
        services.registration_cancel(actor=member, registration=registration)
    assert caught.value.code == "cancelled"


def test_more_places_confirm_the_children_waiting_in_order(camp, member, make_child) -> None:
    for name in ("Ana", "Bilal"):
        register(member, camp, make_child(name))
    waiting = [register(member, camp, make_child(n)) for n in ("Chloé", "Driss", "Emma")]
    services.activity_update(actor=member, activity=camp, places=4)
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["confirmed", "confirmed", "waiting"]


def test_places_cannot_drop_below_the_confirmed_registrations(camp, member, make_child) -> None:
    for name in ("Ana", "Bilal"):
        register(member, camp, make_child(name))
    with pytest.raises(ValidationError) as caught:
        services.activity_update(actor=member, activity=camp, places=1)
    assert "places" in caught.value.message_dict


def test_the_same_child_cannot_be_registered_twice(registration, camp, child, member) -> None:
    with pytest.raises(ValidationError) as caught:
        register(member, camp, child)
    assert "person" in caught.value.message_dict
    assert camp.registrations.count() == 1


def test_a_cancelled_child_can_register_again(registration, camp, child, member) -> None:
    services.registration_cancel(actor=member, registration=registration)
    again = register(member, camp, child)
    assert again.status == RegistrationStatus.CONFIRMED


def test_a_child_outside_the_age_range_is_refused_to_a_field_worker(
    camp, member, make_child
) -> None:
    too_young = make_child("Lina", age=5)
    with pytest.raises(ValidationError) as caught:
        register(member, camp, too_young)
    message = caught.value.message_dict["person"][0]
    assert "5" in message
    assert not Registration.objects.exists()


def test_a_coordinator_registers_a_child_outside_the_age_range_with_a_reason(
    camp, coordinator, make_child
) -> None:
    too_old = make_child("Sam", age=16)
    with pytest.raises(ValidationError) as caught:
        register(coordinator, camp, too_old, roles=[Role.COORDINATOR])
    assert "override_reason" in caught.value.message_dict
    registration = register(
        coordinator,
        camp,
        too_old,
        roles=[Role.COORDINATOR],
        override_reason="Accompagne son frère cadet",
    )
    assert registration.age_override_reason == "Accompagne son frère cadet"
    event = AuditEvent.objects.get(action="activities.registration.created")
    assert event.changes["age_override_reason"] == "Accompagne son frère cadet"


def test_a_price_is_required_when_the_activity_has_prices(camp, member, child) -> None:
    with pytest.raises(ValidationError) as caught:
        register(member, camp, child, price_tier=None)
    assert "price_tier" in caught.value.message_dict


def test_a_price_of_another_activity_is_refused(camp, make_activity, member, child) -> None:
    other = make_activity(title="Autre")
    tier = services.price_tier_add(actor=member, activity=other, label="X", amount=Decimal(5))
    with pytest.raises(ValidationError):
        register(member, camp, child, price_tier=tier)


def test_a_sibling_in_the_same_household_pays_the_reduced_amount(
    camp, member, child, sibling, full_price
) -> None:
    first = register(member, camp, child, price_tier=full_price)
    second = register(member, camp, sibling, price_tier=full_price)
    assert (first.amount_due, first.sibling_reduction) == (Decimal("60.00"), False)
    assert (second.amount_due, second.sibling_reduction) == (Decimal("30.00"), True)


def test_a_free_price_needs_no_payment(camp, member, child) -> None:
    free = services.price_tier_add(
        actor=member, activity=camp, label="Gratuit (CPAS)", amount=Decimal(0)
    )
    registration = register(member, camp, child, price_tier=free)
    assert registration.payment_status == PaymentStatus.WAIVED
    assert registration.amount_due == 0


def test_a_school_animation_takes_no_names(make_activity, member, child) -> None:
    animation = make_activity(
        kind=ActivityKind.SCHOOL_ANIMATION, school="Athénée communal", places=None
    )
    with pytest.raises(ValidationError):
        register(member, animation, child, price_tier=None)


def test_another_organisation_cannot_register_into_an_activity(
    camp, outside_worker, make_child, org_b
) -> None:
    stranger = make_child("Zoé", organisation=org_b)
    with pytest.raises(PermissionDenied):
        services.registration_create(
            actor=acting(outside_worker, org_b, Role.FIELD_WORKER),
            activity=camp,
            person=stranger,
        )


def test_a_person_of_another_organisation_cannot_be_registered(
    camp, member, make_child, org_b
) -> None:
    stranger = make_child("Zoé", organisation=org_b)
    with pytest.raises(PermissionDenied):
        register(member, camp, stranger)


def test_the_registration_is_logged_without_the_health_notes(registration) -> None:
    event = AuditEvent.objects.get(action="activities.registration.created")
    assert "Secret-santé" not in str(event.changes)
    assert "Nora" not in event.target_label
    assert event.target_label.endswith("(N.L.)")


def test_the_price_changes_until_the_registration_is_paid(camp, registration, member) -> None:
    reduced = camp.price_tiers.get(label="Tarif réduit")
    services.registration_change_price(actor=member, registration=registration, price_tier=reduced)
    assert registration.amount_due == Decimal("20.00")
    services.payment_record(actor=member, registration=registration, status=PaymentStatus.PAID)
    with pytest.raises(ValidationError):
        services.registration_change_price(
            actor=member, registration=registration, price_tier=camp.price_tiers.first()
        )
