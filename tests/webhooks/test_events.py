"""Events of the real services become deliveries after the commit, never after a rollback,
and carry identifiers only: no young person's name leaves."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.activities import online
from maillage.activities import registrations as registering
from maillage.activities import services as activities
from maillage.activities.models import Activity, ActivityKind
from maillage.core.events import Event, publish
from maillage.core.models import Commune, Organisation, User
from maillage.core.roles import Role
from maillage.people.models import Person
from maillage.schooling import signalling
from maillage.schooling.models import School, SignalSource
from maillage.webhooks import services
from maillage.webhooks.models import Delivery, DeliveryStatus, Endpoint
from tests.webhooks.conftest import Receiver, acting, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ("Nora", "Lambert", "Théo", "Lina", "Exemple")


@pytest.fixture
def camp(org_a: Organisation, member: User, commune: Commune) -> Activity:
    acting(member, org_a, Role.FIELD_WORKER)
    today = timezone.localdate()
    return activities.activity_create(
        actor=member,
        organisation=org_a,
        staff=[member],
        kind=ActivityKind.CAMP,
        title="Stage nature",
        starts_on=today + timedelta(days=7),
        ends_on=today + timedelta(days=11),
        commune=commune,
        place="Parc",
        age_min=8,
        age_max=14,
        places=1,
        is_public=True,
        registration_open=True,
    )


@pytest.fixture
def make_child(org_a: Organisation, member: User) -> Callable[..., Person]:
    def make(first_name: str, last_name: str = "Lambert") -> Person:
        today = timezone.localdate()
        return Person.objects.create(
            organisation=org_a,
            first_name=first_name,
            last_name=last_name,
            birth_date=today.replace(year=today.year - 10) - timedelta(days=10),
            created_by=member,
        )

    return make


def _bodies(receiver: Receiver) -> list[dict[str, Any]]:
    for request in receiver.received:
        text = request.body.decode()
        for name in NAMES:
            assert name not in text, f"{name} leaves in a webhook body"
    return [json.loads(request.body) for request in receiver.received]


def test_a_registration_confirmed_by_a_worker_is_delivered_without_a_name(
    endpoint: Endpoint, receiver: Receiver, camp: Activity, make_child: Any, member: User
) -> None:
    registration = registering.registration_create(
        actor=member, activity=camp, person=make_child("Nora")
    )
    [delivery] = Delivery.objects.all()
    assert delivery.endpoint == endpoint and delivery.event == "registration.confirmed"
    run_worker()

    [body] = _bodies(receiver)
    assert body["event"] == "registration.confirmed"
    assert body["data"]["registration_id"] == registration.pk
    assert body["data"]["activity_id"] == camp.pk
    assert body["data"]["status"] == "confirmed"
    assert body["data"]["from_waiting_list"] is False
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_a_place_given_from_the_waiting_list_is_a_confirmation_too(
    endpoint: Endpoint, receiver: Receiver, camp: Activity, make_child: Any, member: User
) -> None:
    first = registering.registration_create(actor=member, activity=camp, person=make_child("Nora"))
    waiting = registering.registration_create(
        actor=member, activity=camp, person=make_child("Théo")
    )
    assert waiting.status == "waiting"
    registering.registration_cancel(actor=member, registration=first)
    run_worker()

    bodies = _bodies(receiver)
    assert [b["data"]["registration_id"] for b in bodies] == [first.pk, waiting.pk]
    assert bodies[1]["data"]["from_waiting_list"] is True


def test_an_online_registration_is_delivered(
    endpoint: Endpoint, receiver: Receiver, camp: Activity
) -> None:
    today = timezone.localdate()
    [registration] = online.registrations_submit_online(
        activity=camp,
        submission=uuid.uuid4(),
        children=[
            {
                "first_name": "Lina",
                "last_name": "Exemple",
                "birth_date": today.replace(year=today.year - 9),
            }
        ],
        guardian_name="Parent Exemple",
        guardian_email="parent@example.org",
        guardian_phone="0470 00 00 00",
        emergency_contact="Voisin",
        parental_authorisation=True,
        photo_consent=False,
    )
    run_worker()
    [body] = _bodies(receiver)
    assert body["data"]["registration_id"] == registration.pk
    assert body["data"]["source"] == "online"


def test_a_signal_created_is_delivered_without_a_name(
    endpoint: Endpoint,
    receiver: Receiver,
    coordinator_of_a: User,
    org_a: Organisation,
    make_child: Any,
    make_org: Any,
) -> None:
    school = School.objects.create(
        organisation=make_org("Athénée Exemple", "school"), fwb_number="1234"
    )
    signal = signalling.signal_create(
        actor=coordinator_of_a,
        organisation=org_a,
        person=make_child("Lina", "Exemple"),
        source=SignalSource.SCHOOL,
        raised_on=date(2026, 3, 2),
        school=school,
        details="La mère de Lina s'inquiète.",
    )
    run_worker()
    [body] = _bodies(receiver)
    assert body["event"] == "signal.created"
    assert body["data"]["signal_id"] == signal.pk
    assert body["data"]["school_id"] == school.pk
    assert body["data"]["raised_on"] == "2026-03-02"
    assert "inquiète" not in json.dumps(body)


def test_an_event_of_a_rolled_back_transaction_delivers_nothing(
    endpoint: Endpoint, receiver: Receiver, org_a: Organisation
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        publish("signal.created", organisation_id=org_a.pk, payload={"signal_id": 1})
        raise RuntimeError("the write fails after publishing")
    run_worker()
    assert not Delivery.objects.exists()
    assert receiver.received == []


def test_only_the_organisation_s_active_endpoints_listening_to_the_event_get_it(
    endpoint: Endpoint,
    make_endpoint: Any,
    manager: User,
    org_a: Organisation,
    org_b: Organisation,
    receiver: Receiver,
) -> None:
    make_endpoint(receiver.url, events=["registration.confirmed"])
    disabled, _secret = make_endpoint(receiver.url)
    services.endpoint_set_active(actor=manager, endpoint=disabled, active=False)
    make_endpoint(receiver.url, organisation=org_b)
    second, _secret = make_endpoint(receiver.url, events=["signal.created"])

    publish("signal.created", organisation_id=org_a.pk, payload={"signal_id": 1})
    deliveries = Delivery.objects.order_by("endpoint_id")
    assert [d.endpoint_id for d in deliveries] == [endpoint.pk, second.pk]
    assert len({d.event_id for d in deliveries}) == 1  # one event, one id
    run_worker()
    assert len(receiver.received) == 2


def test_the_deliveries_of_an_event_are_created_in_one_statement(
    endpoint: Endpoint, make_endpoint: Any, org_a: Organisation, receiver: Receiver
) -> None:
    for _ in range(3):
        make_endpoint(receiver.url)
    with CaptureQueriesContext(connection) as queries:
        services.deliveries_for_event(
            Event(name="signal.created", organisation_id=org_a.pk, payload={})
        )
    inserts = [q["sql"] for q in queries if 'INSERT INTO "webhooks_delivery"' in q["sql"]]
    assert len(inserts) == 1
    assert Delivery.objects.count() == 4
