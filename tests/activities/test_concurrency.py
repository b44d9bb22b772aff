"""Never more confirmed registrations than places, even when they arrive together.

Real parallel transactions: each thread has its own database connection and registers a
different child for the same camp at the same moment (a barrier releases them together).
On PostgreSQL the activity's advisory lock (`lock_places`) serialises them; on SQLite,
IMMEDIATE transactions take the write lock at BEGIN (the tests use a database file, see
tests/settings.py).
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction

from maillage.activities import services
from maillage.activities.models import Registration, RegistrationStatus
from maillage.activities.registrations import lock_places
from maillage.core.models import User
from maillage.core.roles import Role
from tests.activities.conftest import acting, birth_date_for, today

PARALLEL = 12


def run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # reported below: a thread must not swallow it
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_for_the_last_places_confirm_exactly_the_capacity(
    camp, member, make_child
) -> None:
    children = [make_child(f"Enfant{i}") for i in range(PARALLEL)]
    tier = camp.price_tiers.first()

    def registering(child):
        def job():
            actor = User.objects.get(pk=member.pk)
            services.registration_create(
                actor=acting(actor, camp.organisation, Role.FIELD_WORKER),
                activity=camp,
                person=child,
                price_tier=tier,
            )

        return job

    errors = run_together([registering(child) for child in children])
    assert errors == []
    statuses = Counter(Registration.objects.filter(activity=camp).values_list("status", flat=True))
    assert statuses == {RegistrationStatus.CONFIRMED: 2, RegistrationStatus.WAITING: PARALLEL - 2}
    # The waiting list keeps the order of arrival, one distinct position each.
    waiting = list(
        Registration.objects.filter(activity=camp, status="waiting").values_list(
            "waiting_since", flat=True
        )
    )
    assert len(waiting) == PARALLEL - 2


@pytest.mark.django_db(transaction=True)
def test_parallel_cancellations_never_promote_more_than_the_places_freed(
    camp, member, make_child
) -> None:
    tier = camp.price_tiers.first()
    acting(member, camp.organisation, Role.FIELD_WORKER)
    registrations = [
        services.registration_create(
            actor=member, activity=camp, person=make_child(f"Enfant{i}"), price_tier=tier
        )
        for i in range(6)
    ]
    confirmed = registrations[:2]

    def cancelling(registration):
        def job():
            actor = User.objects.get(pk=member.pk)
            services.registration_cancel(
                actor=acting(actor, camp.organisation, Role.FIELD_WORKER),
                registration=registration,
            )

        return job

    errors = run_together([cancelling(r) for r in confirmed])
    assert errors == []
    statuses = Counter(Registration.objects.filter(activity=camp).values_list("status", flat=True))
    assert statuses == {"cancelled": 2, "confirmed": 2, "waiting": 2}


@pytest.mark.django_db(transaction=True)
def test_the_same_child_registered_at_once_from_several_places_is_registered_once(
    camp, member, child
) -> None:
    tier = camp.price_tiers.first()

    def registering():
        actor = User.objects.get(pk=member.pk)
        services.registration_create(
            actor=acting(actor, camp.organisation, Role.FIELD_WORKER),
            activity=camp,
            person=child,
            price_tier=tier,
        )

    errors = run_together([registering] * 4)

    assert Registration.objects.filter(activity=camp, person=child).count() == 1
    # The others are told why, in French, at the child's field: never a database error.
    assert len(errors) == 3
    for error in errors:
        assert isinstance(error, ValidationError)
        assert error.message_dict == {"person": [f"{child} est déjà inscrit·e à cette activité."]}


def _writes_of_the_places(camp, member, make_child):
    """Each write that changes who is confirmed, ready to run in a thread of its own."""
    tier = camp.price_tiers.first()
    acting(member, camp.organisation, Role.FIELD_WORKER)
    first = services.registration_create(
        actor=member, activity=camp, person=make_child("Premier"), price_tier=tier
    )
    second_child = make_child("Second")

    def as_member():
        return acting(User.objects.get(pk=member.pk), camp.organisation, Role.FIELD_WORKER)

    return {
        "register": lambda: services.registration_create(
            actor=as_member(), activity=camp, person=second_child, price_tier=tier
        ),
        "cancel": lambda: services.registration_cancel(actor=as_member(), registration=first),
        "change the places": lambda: services.activity_update(
            actor=as_member(), activity=camp, places=5
        ),
        "register online": lambda: services.registrations_submit_online(
            activity=camp,
            submission=uuid.uuid4(),
            children=[
                {
                    "first_name": "Inès",
                    "last_name": "Lambert",
                    "birth_date": birth_date_for(10, today()),
                    "price_tier": tier,
                }
            ],
            guardian_name="Parent",
            guardian_email="parent@example.org",
            guardian_phone="",
            emergency_contact="",
            parental_authorisation=True,
            photo_consent=False,
        ),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("write", ["register", "cancel", "change the places", "register online"])
def test_every_write_of_the_places_waits_for_the_lock_of_the_activity(
    camp, member, make_child, write
) -> None:
    job = _writes_of_the_places(camp, member, make_child)[write]
    held, release = threading.Event(), threading.Event()

    def holding():
        with transaction.atomic():
            lock_places(camp)
            held.set()
            release.wait(timeout=30)

    errors: list[BaseException] = []

    def run(work):
        try:
            work()
        except BaseException as exc:  # reported below: a thread must not swallow it
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    holder = threading.Thread(target=run, args=(holding,))
    holder.start()
    assert held.wait(timeout=30)
    writer = threading.Thread(target=run, args=(job,))
    writer.start()
    writer.join(timeout=1)
    waited = writer.is_alive()  # still waiting while the lock is held
    release.set()
    holder.join(timeout=30)
    writer.join(timeout=30)

    assert waited
    assert errors == []
    assert not writer.is_alive()
