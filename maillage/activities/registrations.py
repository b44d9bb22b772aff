"""Registrations: capacity, the waiting list, ages, siblings and prices.

Never more confirmed registrations than places, whatever arrives at the same time: every
write that changes who is confirmed first takes the activity's lock (`lock_places`), then
counts. The lock is held for as short a time as the rule allows, as a ticket shop guards
its quotas: what does not depend on the other registrations (the checks, the child, the
organisation the audit names) is done before taking it; under it, one statement decides
the place, then the registration and its audit entry are written. The waiting list is
ordered by `waiting_since`; a freed place goes to the first in line, who is told by e-mail
once the transaction has committed.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities.models import (
    ACTIVE_STATUSES,
    Activity,
    PaymentStatus,
    PriceTier,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from maillage.activities.notify import notify_later
from maillage.activities.rules import age_in_range, age_on, require_own
from maillage.core.audit import audit_log
from maillage.core.events import publish
from maillage.core.models import User
from maillage.core.roles import OVERSIGHT_ROLES
from maillage.core.scoping import current_roles
from maillage.core.validation import Errors, raise_errors
from maillage.people.models import HouseholdMember, Person

CENT = Decimal("0.01")
GUARDIAN_FIELDS = ("guardian_name", "guardian_email", "guardian_phone", "emergency_contact")


# A PostgreSQL advisory lock per activity, in a key space of its own. Not the activity's
# row (`SELECT … FOR UPDATE`): that lock is written into the row, and it would hold up every
# other write of the activity while registrations queue.
_PLACES_LOCK = 0x61637476  # "actv"
_INT4 = 2**31 - 1


def lock_places(activity: Activity) -> None:
    """Serialise, until the transaction ends, the writes that change who is confirmed for
    the activity (registering, cancelling, changing its places).

    The lock goes with the commit, and a commit waits for the disk (a few milliseconds,
    more on a busy disk): the registrations queued behind would wait for it too. So the
    transaction commits without waiting for the disk, which lets the next one in at once,
    and then waits for it outside the lock (`_wait_for_the_disk`), before anything reads
    the result: the caller, the e-mail, the webhook. Nothing is lost that anyone was told,
    and a crash between the two forgets the registration together with any decided after it
    (the log is written in order). Take it first in the transaction, so that this wait
    comes before the rest of the after-commit work. SQLite needs no lock: its transactions
    are IMMEDIATE, they hold the database's write lock from their start.
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("lock_places holds its lock until the transaction ends")
    if connection.vendor != "postgresql":
        return
    transaction.on_commit(_wait_for_the_disk)
    with connection.cursor() as cursor:
        # The two-key form takes 32-bit keys: ids beyond share a lock with another
        # activity, which only makes them wait for each other.
        cursor.execute(
            "SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(%s, %s)",
            [_PLACES_LOCK, activity.pk % _INT4],
        )


def _wait_for_the_disk() -> None:
    """Returns once the disk holds the transaction just committed: this statement commits a
    message to the write-ahead log, after it, and waits for that (so for both) to be flushed.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_logical_emit_message(true, 'maillage.durable', '')")


def lock_activity(activity: Activity) -> Activity:
    """`lock_places`, then the activity as it is now (its places may have just changed)."""
    lock_places(activity)
    return Activity.objects.get(pk=activity.pk)


def has_free_place(activity: Activity) -> bool:
    """Under `lock_places`: whether a place is free, from the activity's places now and the
    registrations confirmed. One statement, written out: the others wait while it runs,
    and the ORM would take four times as long to write it as the database to answer."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT a.places IS NULL OR a.places > (
                   SELECT COUNT(*) FROM activities_registration r
                   WHERE r.activity_id = a.id AND r.status = %s)
               FROM activities_activity a WHERE a.id = %s""",
            [RegistrationStatus.CONFIRMED, activity.pk],
        )
        row = cursor.fetchone()
    return bool(row[0])


def is_registered(activity: Activity, person: Person) -> bool:
    return Registration.objects.filter(
        activity=activity, person=person, status__in=ACTIVE_STATUSES
    ).exists()


def already_registered(person: Person) -> ValidationError:
    return ValidationError(
        {"person": [_("%(name)s is already registered for this activity.") % {"name": person}]}
    )


def _age_message(activity: Activity, person: Person) -> str:
    assert person.birth_date is not None
    return _("%(name)s will be %(age)s on the first day; this activity is for %(range)s.") % {
        "name": person,
        "age": age_on(person.birth_date, activity.starts_on),
        "range": activity.age_range_display(),
    }


def _is_sibling(activity: Activity, person: Person, submission: uuid.UUID | None) -> bool:
    """Another child of the same online form, or of one of the person's households, is
    already registered for the activity."""
    if not activity.sibling_reduction:
        return False
    relatives = HouseholdMember.objects.filter(household__members__person=person).exclude(
        person=person
    )
    others = Registration.objects.filter(activity=activity, status__in=ACTIVE_STATUSES).exclude(
        person=person
    )
    match = Q(person__in=relatives.values("person"))
    if submission is not None:
        match |= Q(submission=submission)
    return others.filter(match).exists()


def _amount(activity: Activity, tier: PriceTier | None, sibling: bool) -> Decimal:
    if tier is None:
        return Decimal("0.00")
    amount = tier.amount
    if sibling:
        amount = amount * (100 - activity.sibling_reduction) / 100
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def check_tier(activity: Activity, tier: PriceTier | None, errors: Errors) -> None:
    if tier is not None and tier.activity_id != activity.pk:
        errors["price_tier"] = [_("This price is not one of this activity's.")]
    elif tier is None and activity.price_tiers.exists():
        errors["price_tier"] = [_("Choose a price.")]


def register_locked(
    *,
    actor: User | None,
    activity: Activity,
    person: Person,
    price_tier: PriceTier | None,
    source: str,
    submission: uuid.UUID | None = None,
    override_reason: str = "",
    **details: Any,
) -> Registration:
    """Inside a transaction holding `lock_places(activity)`. A child already registered
    is refused by the database (`registration_once_per_activity`): the caller checks."""
    confirmed = has_free_place(activity)
    sibling = _is_sibling(activity, person, submission)
    amount = _amount(activity, price_tier, sibling)
    now = timezone.now()
    registration = Registration.objects.create(
        organisation_id=activity.organisation_id,
        activity=activity,
        person=person,
        status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
        source=source,
        submission=submission,
        price_tier=price_tier,
        sibling_reduction=sibling,
        amount_due=amount,
        payment_status=PaymentStatus.DUE if amount else PaymentStatus.WAIVED,
        age_override_reason=override_reason,
        registered_by=actor,
        confirmed_at=now if confirmed else None,
        waiting_since=None if confirmed else now,
        **details,
    )
    audit_log(
        actor=actor,
        action="activities.registration.created",
        target=registration,
        organisation=activity.organisation,
        changes={
            "status": registration.status,
            "source": source,
            "amount_due": str(amount),
            "age_override_reason": override_reason,
        },
    )
    if confirmed:  # created confirmed, by a worker or through the online form
        _announce_confirmed(registration, from_waiting_list=False)
    return registration


def _announce_confirmed(registration: Registration, *, from_waiting_list: bool) -> None:
    """The `registration.confirmed` event (webhooks): identifiers and dates, never a name."""
    publish(
        "registration.confirmed",
        organisation_id=registration.organisation_id,
        payload={
            "registration_id": registration.pk,
            "activity_id": registration.activity_id,
            "status": registration.status,
            "source": registration.source,
            "from_waiting_list": from_waiting_list,
            "created_at": registration.created_at.isoformat(),
            "confirmed_at": registration.confirmed_at.isoformat()
            if registration.confirmed_at
            else None,
        },
    )


def registration_create(
    *,
    actor: User,
    activity: Activity,
    person: Person,
    price_tier: PriceTier | None = None,
    override_reason: str = "",
    **details: Any,
) -> Registration:
    """A worker registers a young person of the organisation. A child outside the age range
    is refused, unless a coordinator or director gives the reason for the exception."""
    require_own(actor, activity)
    if person.organisation_id != activity.organisation_id:
        raise PermissionDenied
    errors: Errors = {}
    if not activity.takes_names:
        errors["__all__"] = [_("A school animation counts its class by headcount, not by names.")]
    if not person.is_current:
        errors["person"] = [_("This file has been merged or anonymised.")]
    check_tier(activity, price_tier, errors)
    override_reason = override_reason.strip()
    if not age_in_range(activity, person.birth_date):
        if not current_roles(actor) & OVERSIGHT_ROLES:
            errors["person"] = [
                _age_message(activity, person)
                + " "
                + _("A coordinator can register them anyway, giving the reason.")
            ]
        elif not override_reason:
            errors["override_reason"] = [
                _age_message(activity, person)
                + " "
                + _("Give the reason for the exception to register them anyway.")
            ]
    else:
        override_reason = ""
    raise_errors(errors)
    unknown = set(details) - set(ONLINE_DETAILS)
    if unknown:
        raise TypeError(f"unknown registration fields: {sorted(unknown)}")
    activity.organisation  # noqa: B018  (read now: the audit names it, under the lock)
    try:
        with transaction.atomic():
            lock_places(activity)
            registration = register_locked(
                actor=actor,
                activity=activity,
                person=person,
                price_tier=price_tier,
                source=RegistrationSource.WORKER,
                override_reason=override_reason,
                **details,
            )
            if registration.guardian_email:
                notify_later("confirmation", [registration.pk])
    except IntegrityError:
        # The child is already registered: the database refused the second one, and the
        # transaction is rolled back. Anything else goes on up.
        if is_registered(activity, person):
            raise already_registered(person) from None
        raise
    return registration


ONLINE_DETAILS = (*GUARDIAN_FIELDS, "health_notes", "parental_authorisation", "photo_consent")


@transaction.atomic
def registration_cancel(
    *, actor: User, registration: Registration, reason: str = ""
) -> Registration:
    """Cancel; a confirmed place that frees up goes to the first child waiting."""
    require_own(actor, registration.activity)
    activity = lock_activity(registration.activity)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    was = current.status
    current.status = RegistrationStatus.CANCELLED
    current.cancelled_at = timezone.now()
    current.save(update_fields=["status", "cancelled_at"])
    audit_log(
        actor=actor,
        action="activities.registration.cancelled",
        target=current,
        organisation=activity.organisation,
        changes={"was": was, "reason": reason.strip()[:200]},
    )
    if was == RegistrationStatus.CONFIRMED:
        promote_waiting(actor=actor, activity=activity)
    return current


def promote_waiting(*, actor: User | None, activity: Activity) -> list[Registration]:
    """Confirm the first children waiting while places are free. Call inside a transaction
    that holds the activity's lock."""
    if activity.places is None:
        free = None
    else:
        confirmed = Registration.objects.filter(
            activity=activity, status=RegistrationStatus.CONFIRMED
        ).count()
        free = max(activity.places - confirmed, 0)
        if not free:
            return []
    waiting = Registration.objects.filter(
        activity=activity, status=RegistrationStatus.WAITING
    ).order_by("waiting_since", "pk")
    promoted = list(waiting[:free] if free is not None else waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        audit_log(
            actor=actor,
            action="activities.registration.promoted",
            target=registration,
            organisation=activity.organisation,
        )
        _announce_confirmed(registration, from_waiting_list=True)
    if promoted:
        notify_later("promoted", [r.pk for r in promoted])
    return promoted


@transaction.atomic
def registration_change_price(
    *, actor: User, registration: Registration, price_tier: PriceTier | None
) -> Registration:
    """Another tier (the family's situation changed); the sibling reduction stays as set."""
    require_own(actor, registration.activity)
    errors: Errors = {}
    check_tier(registration.activity, price_tier, errors)
    raise_errors(errors)
    if registration.payment_status == PaymentStatus.PAID:
        raise ValidationError(
            {"price_tier": [_("This registration is paid: its price can no longer change.")]}
        )
    amount = _amount(registration.activity, price_tier, registration.sibling_reduction)
    registration.price_tier = price_tier
    registration.amount_due = amount
    registration.payment_status = PaymentStatus.DUE if amount else PaymentStatus.WAIVED
    registration.save(update_fields=["price_tier", "amount_due", "payment_status"])
    audit_log(
        actor=actor,
        action="activities.registration.price_changed",
        target=registration,
        changes={"amount_due": str(amount)},
    )
    return registration
