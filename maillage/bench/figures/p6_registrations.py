"""P6: 200 registrations arriving together for 20 places: exactly 20 confirmed, >= 200/s.

Real parallel transactions: a pool of threads, each with its own database connection
(closed at the end), released together by a barrier, each registering its share of new
children with `registration_create`, which locks the activity's row first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import close_old_connections, connection
from django.utils import timezone

from maillage.activities import services
from maillage.activities.models import Activity, ActivityKind, Registration, RegistrationStatus
from maillage.bench.context import Actor
from maillage.bench.options import Options
from maillage.bench.picks import member_of, pick
from maillage.bench.results import Row, Target
from maillage.core.models import User
from maillage.core.roles import Role
from maillage.demo.holidays import holiday_week
from maillage.people.models import Person


def pool_size(wanted: int) -> int:
    """Threads with a connection each, within what the database accepts."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_connections")
            allowed = int(cursor.fetchone()[0])
        return max(1, min(wanted, 50, allowed - 20))
    return max(1, min(wanted, 32))


def _birth_date(age: int, on: date) -> date:
    return on.replace(year=on.year - age) - timedelta(days=10)


def prepare(actor: Actor, options: Options, run: int) -> tuple[Activity, list[int]]:
    today = timezone.localdate()
    # A holiday camp lies in the school holidays: a fixed distance from today would fall
    # outside them on some days of the year, and the camp rule would refuse it.
    first_day, last_day = holiday_week(after=today)
    user = actor.bound()
    activity = services.activity_create(
        actor=user,
        organisation=actor.organisation,
        staff=[user],
        kind=ActivityKind.CAMP,
        title=f"Stage banc d’essai {run + 1}",
        starts_on=first_day,
        ends_on=last_day,
        commune=actor.organisation.commune,
        age_min=6,
        age_max=16,
        places=options.places,
    )
    children = [
        Person.objects.create(
            organisation=actor.organisation,
            first_name=f"Enfant{i}",
            last_name=f"Essai{run + 1}",
            birth_date=_birth_date(10, today),
            created_by=user,
        ).pk
        for i in range(options.registrations)
    ]
    return activity, children


def register_together(
    actor: Actor, activity_id: int, children: list[int], threads: int
) -> tuple[float, list[BaseException]]:
    shares = [children[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads + 1)
    errors: list[BaseException] = []
    done = [0.0] * threads

    def work(n: int) -> None:
        try:
            user = User.objects.get(pk=actor.user.pk)
            Actor(user, actor.organisation).bound()
            activity = Activity.objects.get(pk=activity_id)
            persons = list(Person.objects.filter(pk__in=shares[n]))
            barrier.wait()
            for person in persons:
                services.registration_create(actor=user, activity=activity, person=person)
        except BaseException as exc:  # reported: a thread must not swallow it
            errors.append(exc)
        finally:
            done[n] = time.perf_counter()
            close_old_connections()
            connection.close()

    pool = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait(timeout=120)
    began = time.perf_counter()
    for thread in pool:
        thread.join(timeout=300)
    return max(done) - began, errors


def cleanup(activity: Activity, children: list[int]) -> None:
    Registration.objects.filter(activity=activity).delete()
    activity.staff.clear()
    activity.delete()
    Person.objects.filter(pk__in=children).delete()


def run(options: Options, say: Callable[[str], None]) -> list[Row]:
    picks = pick()
    organisation = picks.worker.organisation if picks.worker else None
    actor = (
        member_of(organisation.pk, [Role.COORDINATOR, Role.FIELD_WORKER]) if organisation else None
    )
    if actor is None:
        return [Row("P6", "concurrent registrations", "", skipped="no team member in the data")]
    threads = pool_size(options.registrations)
    confirmed: list[float] = []
    rates: list[float] = []
    failures: list[str] = []
    left = ""
    for n in range(options.runs):
        activity, children = prepare(actor, options, n)
        seconds, errors = register_together(actor, activity.pk, children, threads)
        statuses = Registration.objects.filter(activity=activity)
        confirmed.append(float(statuses.filter(status=RegistrationStatus.CONFIRMED).count()))
        rates.append(statuses.count() / seconds if seconds > 0 else 0.0)
        failures.extend(f"{type(e).__name__}: {e}"[:120] for e in errors)
        try:
            cleanup(activity, children)
        except Exception as exc:  # a protected reference: say so, keep the figures
            left = f"; test rows left in the database ({type(exc).__name__})"
    failed = f"; {len(failures)} failed, first: {failures[0]}" if failures else ""
    return [
        Row(
            "P6",
            f"confirmed of {options.registrations} concurrent registrations "
            f"for {options.places} places",
            "",
            confirmed,
            Target("exactly", options.places),
            note=f"{threads} threads with a connection each{failed}{left}",
        ),
        Row(
            "P6",
            "concurrent registrations per second",
            "reg/s",
            rates,
            Target("at_least", 200),
            note=f"{options.registrations} registrations, {threads} threads",
        ),
    ]
