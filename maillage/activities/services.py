"""Writes of the collective axis: activities, prices and payments.

Every function takes the acting user first, validates with French messages keyed by field,
runs in one transaction and writes the audit log. Registrations, with their capacity and
waiting-list rules, live in `registrations.py`, sessions and attendance in `sessions.py`;
both are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities.models import (
    Activity,
    PaymentStatus,
    PriceTier,
    Registration,
    RegistrationStatus,
)
from maillage.activities.online import registrations_submit_online
from maillage.activities.payments import parse_reference
from maillage.activities.registrations import (
    lock_places,
    promote_waiting,
    registration_cancel,
    registration_change_price,
    registration_create,
)
from maillage.activities.rules import activity_errors, require_own
from maillage.activities.sessions import (
    attendance_mark_rest_present,
    attendance_record,
    session_add,
    session_remove,
    session_set_headcount,
    sessions_generate,
)
from maillage.core.audit import audit_log
from maillage.core.models import Commune, Organisation, User
from maillage.core.validation import Errors, has_other_digits, raise_errors

__all__ = [
    "activity_create",
    "activity_update",
    "attendance_mark_rest_present",
    "attendance_record",
    "payment_record",
    "payment_record_by_reference",
    "price_tier_add",
    "price_tier_remove",
    "promote_waiting",
    "registration_cancel",
    "registration_change_price",
    "registration_create",
    "registrations_submit_online",
    "session_add",
    "session_remove",
    "session_set_headcount",
    "sessions_generate",
]

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "description",
    "commune",
    "place",
    "starts_on",
    "ends_on",
    "age_min",
    "age_max",
    "places",
    "residential",
    "school",
    "school_class",
    "is_public",
    "registration_open",
    "sibling_reduction",
)


def _check_activity(fields: dict[str, Any]) -> None:
    raise_errors(
        activity_errors(
            kind=fields["kind"],
            starts_on=fields["starts_on"],
            ends_on=fields["ends_on"],
            age_min=fields.get("age_min"),
            age_max=fields.get("age_max"),
            places=fields.get("places"),
            school=fields.get("school", ""),
        )
    )


@transaction.atomic
def activity_create(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    commune: Commune,
    partners: Iterable[Organisation] = (),
    staff: Iterable[User] = (),
    **fields: Any,
) -> Activity:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    values = {
        "kind": kind,
        "title": title,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "commune": commune,
        **fields,
    }
    _check_activity(values)
    activity = Activity.objects.create(organisation=organisation, created_by=actor, **values)
    activity.partners.set([p for p in partners if p.pk != organisation.pk])
    activity.staff.set(list(staff))
    audit_log(
        actor=actor,
        action="activities.activity.created",
        target=activity,
        changes={"kind": kind, "places": values.get("places")},
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: User,
    activity: Activity,
    partners: Iterable[Organisation] | None = None,
    staff: Iterable[User] | None = None,
    **fields: Any,
) -> Activity:
    require_own(actor, activity)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    lock_places(activity)  # the places may change: no registration decides meanwhile
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS} | fields
    _check_activity(values)
    errors: Errors = {}
    outside = activity.sessions.exclude(
        date__range=(values["starts_on"], values["ends_on"])
    ).count()
    if outside:
        errors["starts_on"] = [
            _("%(count)s session(s) fall outside these dates: move or remove them first.")
            % {"count": outside}
        ]
    confirmed = activity.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if values["places"] is not None and values["places"] < confirmed:
        errors["places"] = [
            _(
                "%(confirmed)s registrations are already confirmed: cancel some before "
                "lowering the places below that."
            )
            % {"confirmed": confirmed}
        ]
    raise_errors(errors)
    changed = sorted(name for name in fields if getattr(activity, name) != fields[name])
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    if partners is not None:
        activity.partners.set([p for p in partners if p.pk != activity.organisation_id])
    if staff is not None:
        activity.staff.set(list(staff))
    audit_log(
        actor=actor,
        action="activities.activity.updated",
        target=activity,
        changes={"fields": changed},
    )
    # More places: the first children waiting are confirmed, in order.
    promote_waiting(actor=actor, activity=activity)
    return activity


@transaction.atomic
def price_tier_add(
    *, actor: User, activity: Activity, label: str, amount: Decimal, description: str = ""
) -> PriceTier:
    require_own(actor, activity)
    errors: Errors = {}
    if amount < 0:
        errors["amount"] = [_("A price cannot be negative.")]
    if activity.price_tiers.filter(label__iexact=label.strip()).exists():
        errors["label"] = [_("This activity already has a price with that label.")]
    raise_errors(errors)
    tier = PriceTier.objects.create(
        organisation_id=activity.organisation_id,
        activity=activity,
        label=label.strip(),
        amount=amount,
        description=description,
        position=activity.price_tiers.count(),
    )
    audit_log(
        actor=actor,
        action="activities.price.added",
        target=activity,
        changes={"label": tier.label, "amount": str(amount)},
    )
    return tier


@transaction.atomic
def price_tier_remove(*, actor: User, tier: PriceTier) -> None:
    require_own(actor, tier.activity)
    if tier.registrations.exists():
        raise ValidationError(
            _("Registrations use this price: it cannot be removed."), code="in_use"
        )
    audit_log(
        actor=actor,
        action="activities.price.removed",
        target=tier.activity,
        changes={"label": tier.label},
    )
    tier.delete()


@transaction.atomic
def payment_record(
    *, actor: User, registration: Registration, status: str, paid_on: date | None = None
) -> Registration:
    require_own(actor, registration.activity)
    if status not in PaymentStatus.values:
        raise ValidationError({"status": [_("Choose a payment status.")]})
    if status == PaymentStatus.PAID:
        paid_on = paid_on or timezone.localdate()
        if paid_on > timezone.localdate():
            raise ValidationError({"paid_on": [_("The date cannot be in the future.")]})
    else:
        paid_on = None
    Registration.objects.filter(pk=registration.pk).update(payment_status=status, paid_on=paid_on)
    registration.payment_status, registration.paid_on = status, paid_on
    audit_log(
        actor=actor,
        action="activities.payment.recorded",
        target=registration,
        changes={"status": status},
    )
    return registration


def payment_record_by_reference(
    *, actor: User, reference: str, paid_on: date | None = None
) -> Registration:
    """Mark paid the registration of a structured communication read on a bank statement."""
    base = parse_reference(reference)
    if base is None and has_other_digits(reference):
        raise ValidationError(
            {"reference": [_("Type the structured communication with the digits 0 to 9.")]}
        )
    if base is None:
        raise ValidationError(
            {
                "reference": [
                    _(
                        "This is not a valid structured communication: it has 12 digits, "
                        "like +++123/4567/89002+++, and the last two are check digits."
                    )
                ]
            }
        )
    registration = (
        Registration.objects.visible_to(actor)
        .select_related("activity", "person")
        .filter(pk=int(base))
        .first()
    )
    if registration is None:
        raise ValidationError(
            {"reference": [_("No registration of your organisation has this communication.")]}
        )
    return payment_record(
        actor=actor, registration=registration, status=PaymentStatus.PAID, paid_on=paid_on
    )
