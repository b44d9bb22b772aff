"""Writes of the collective axis: activities, sessions, prices, payments and attendance.

Every function takes the acting user first, validates with French messages keyed by field,
runs in one transaction and writes the audit log. Registrations, with their capacity and
waiting-list rules, live in `registrations.py` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities.models import (
    Activity,
    Attendance,
    PaymentStatus,
    PriceTier,
    Registration,
    RegistrationStatus,
    SchoolHoliday,
    Session,
)
from maillage.activities.payments import parse_reference
from maillage.activities.registrations import (
    promote_waiting,
    registration_cancel,
    registration_change_price,
    registration_create,
    registrations_submit_online,
)
from maillage.activities.rules import activity_errors, require_own
from maillage.core.audit import audit_log
from maillage.core.models import Commune, Organisation, User
from maillage.core.validation import Errors, raise_errors

__all__ = [
    "activity_create",
    "activity_update",
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


def _session_errors(activity: Activity, day: date, starts_at: time, ends_at: time) -> Errors:
    errors: Errors = {}
    if not activity.starts_on <= day <= activity.ends_on:
        errors["date"] = [
            _("The session must take place between %(start)s and %(end)s, the activity's dates.")
            % {"start": f"{activity.starts_on:%d/%m/%Y}", "end": f"{activity.ends_on:%d/%m/%Y}"}
        ]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The session must end after it starts.")]
    return errors


@transaction.atomic
def session_add(
    *,
    actor: User,
    activity: Activity,
    date: date,
    starts_at: time,
    ends_at: time,
    place: str = "",
) -> Session:
    require_own(actor, activity)
    errors = _session_errors(activity, date, starts_at, ends_at)
    if activity.sessions.filter(date=date, starts_at=starts_at).exists():
        errors.setdefault("date", []).append(
            _("A session already starts on that day at that time.")
        )
    raise_errors(errors)
    session = Session.objects.create(
        organisation_id=activity.organisation_id,
        activity=activity,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
    )
    audit_log(
        actor=actor,
        action="activities.session.added",
        target=session,
        organisation=activity.organisation,
    )
    return session


@transaction.atomic
def sessions_generate(
    *,
    actor: User,
    activity: Activity,
    weekdays: Sequence[int],
    starts_at: time,
    ends_at: time,
    skip_holidays: bool = True,
) -> list[Session]:
    """One session on each chosen weekday (0 = Monday) between the activity's dates, skipping
    the days that already have one at that time and, for workshops, the school holidays."""
    require_own(actor, activity)
    errors: Errors = {}
    if not weekdays:
        errors["weekdays"] = [_("Choose at least one day of the week.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The session must end after it starts.")]
    raise_errors(errors)
    holidays = (
        list(
            SchoolHoliday.objects.filter(
                starts_on__lte=activity.ends_on, ends_on__gte=activity.starts_on
            )
        )
        if skip_holidays
        else []
    )
    taken = set(activity.sessions.filter(starts_at=starts_at).values_list("date", flat=True))
    days = []
    day = activity.starts_on
    while day <= activity.ends_on:
        if (
            day.weekday() in weekdays
            and day not in taken
            and not any(h.starts_on <= day <= h.ends_on for h in holidays)
        ):
            days.append(day)
        day += timedelta(days=1)
    sessions = Session.objects.bulk_create(
        Session(
            organisation_id=activity.organisation_id,
            activity=activity,
            date=day,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        for day in days
    )
    audit_log(
        actor=actor,
        action="activities.session.generated",
        target=activity,
        changes={"sessions": len(sessions), "weekdays": list(weekdays)},
    )
    return sessions


@transaction.atomic
def session_remove(*, actor: User, session: Session) -> None:
    require_own(actor, session.activity)
    if session.attendances.exists() or session.headcount is not None:
        raise ValidationError(
            _("Attendance has been taken at this session: it cannot be removed."), code="taken"
        )
    audit_log(
        actor=actor,
        action="activities.session.removed",
        target=session.activity,
        changes={"date": f"{session.date:%Y-%m-%d}"},
    )
    session.delete()


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


@transaction.atomic
def attendance_record(
    *, actor: User, session: Session, registration: Registration, present: bool
) -> Attendance:
    require_own(actor, session.activity)
    if registration.activity_id != session.activity_id:
        raise ValidationError(_("This child is not registered for this activity."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed registrations take part in sessions."))
    if session.date > timezone.localdate():
        raise ValidationError(_("Attendance is taken on the day of the session, not before."))
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        registration=registration,
        defaults={
            "present": present,
            "recorded_by": actor,
            "organisation_id": session.organisation_id,
        },
    )
    return attendance


@transaction.atomic
def session_set_headcount(*, actor: User, session: Session, headcount: int | None) -> Session:
    require_own(actor, session.activity)
    if headcount is not None and not 0 <= headcount <= 100_000:
        raise ValidationError({"headcount": [_("Enter a number of participants from 0.")]})
    if session.date > timezone.localdate():
        raise ValidationError(
            {"headcount": [_("Attendance is taken on the day of the session, not before.")]}
        )
    Session.objects.filter(pk=session.pk).update(headcount=headcount)
    session.headcount = headcount
    audit_log(
        actor=actor,
        action="activities.session.headcount",
        target=session,
        organisation=session.activity.organisation,
        changes={"headcount": headcount},
    )
    return session
