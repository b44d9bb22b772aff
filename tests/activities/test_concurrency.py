"""Never more confirmed registrations than places, even when they arrive together.

Real parallel transactions: each thread has its own database connection and registers a
different child for the same camp at the same moment (a barrier releases them together).
On PostgreSQL the activity's row lock serialises them; on SQLite, IMMEDIATE transactions
take the write lock at BEGIN (the tests use a database file, see tests/settings.py).
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection

from maillage.activities import services
from maillage.activities.models import Registration, RegistrationStatus
from maillage.core.models import User
from maillage.core.roles import Role
from tests.activities.conftest import acting

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
