"""The online registration: a parent registers children on the public page (or an
integrator through the API), without an account.

The children are matched to the organisation's files by exact name and birth date, or get a
new one; then each is registered under the activity's lock like any registration
(`registrations.register_locked`): places, the waiting list, ages, siblings and prices.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities.models import Activity, Registration, RegistrationSource
from maillage.activities.notify import notify_later
from maillage.activities.registrations import (
    already_registered,
    check_tier,
    is_registered,
    lock_activity,
    register_locked,
)
from maillage.activities.rules import age_in_range, age_on
from maillage.core.validation import Errors, raise_errors
from maillage.people.matching import full_name_key
from maillage.people.models import Person
from maillage.people.services import person_create


def _match_or_create_child(activity: Activity, child: dict[str, Any]) -> Person:
    """The person the organisation already knows under exactly this name and birth date, or
    a new file. Near matches (a typo) are left to the team's duplicate check: a parent never
    sees who else is known."""
    key = full_name_key(child["first_name"], child["last_name"])
    known = (
        Person.objects.filter(
            organisation_id=activity.organisation_id, name_key=key, birth_date=child["birth_date"]
        )
        .filter(merged_into__isnull=True, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if known is not None:
        return known
    return person_create(
        actor=None,
        organisation=activity.organisation,
        first_name=child["first_name"],
        last_name=child["last_name"],
        birth_date=child["birth_date"],
        gender=child.get("gender", ""),
    )


def registrations_submit_online(
    *,
    activity: Activity,
    submission: uuid.UUID,
    children: Sequence[dict[str, Any]],
    guardian_name: str,
    guardian_email: str,
    guardian_phone: str,
    emergency_contact: str,
    parental_authorisation: bool,
    photo_consent: bool,
) -> list[Registration]:
    """A parent registers one or more children on the public page, without an account.

    Each child is a dict with `first_name`, `last_name`, `birth_date`, optional `gender`,
    `health_notes` and `price_tier`. Errors about a child are keyed `child-<index>-<field>`.
    Everything is saved or nothing; the same form posted twice registers once. The
    confirmation e-mail (with the sessions as an .ics file) leaves after the commit.
    """
    earlier = list(Registration.objects.filter(submission=submission).order_by("pk"))
    if earlier:
        # Answered with what it registered only for the same activity: an identifier sent
        # again for another one (an integrator's mistake, or a guess) learns nothing.
        if any(registration.activity_id != activity.pk for registration in earlier):
            raise ValidationError(
                {"submission": [_("This identifier was already used for another registration.")]}
            )
        return earlier
    today = timezone.localdate()
    errors: Errors = {}
    if not (activity.is_public and activity.registration_open and activity.ends_on >= today):
        errors["__all__"] = [_("Online registration for this activity is closed.")]
    if not activity.takes_names:
        errors["__all__"] = [_("A school animation counts its class by headcount, not by names.")]
    if not parental_authorisation:
        errors["parental_authorisation"] = [
            _("The registration needs the authorisation of a parent or guardian.")
        ]
    if not children:
        errors["__all__"] = [_("Register at least one child.")]
    seen: set[tuple[str, date]] = set()
    for index, child in enumerate(children):
        prefix = f"child-{index}-"
        birth_date: date = child["birth_date"]
        key = (full_name_key(child["first_name"], child["last_name"]), birth_date)
        if key in seen:
            errors[prefix + "first_name"] = [_("This child is already in the form.")]
        seen.add(key)
        if birth_date > today:
            errors[prefix + "birth_date"] = [_("The birth date cannot be in the future.")]
        elif not age_in_range(activity, birth_date):
            errors[prefix + "birth_date"] = [
                _("%(name)s will be %(age)s on the first day; this activity is for %(range)s.")
                % {
                    "name": f"{child['first_name']} {child['last_name']}",
                    "age": age_on(birth_date, activity.starts_on),
                    "range": activity.age_range_display(),
                }
            ]
        tier_errors: Errors = {}
        check_tier(activity, child.get("price_tier"), tier_errors)
        if tier_errors:
            errors[prefix + "price_tier"] = tier_errors["price_tier"]
    raise_errors(errors)
    guardian: dict[str, Any] = {
        "guardian_name": guardian_name.strip(),
        "guardian_email": guardian_email.strip(),
        "guardian_phone": guardian_phone.strip(),
        "emergency_contact": emergency_contact.strip(),
        "parental_authorisation": True,
        "photo_consent": photo_consent,
    }
    with transaction.atomic():
        locked = lock_activity(activity)
        registrations = []
        for index, child in enumerate(children):
            person = _match_or_create_child(locked, child)
            if is_registered(locked, person):
                raise ValidationError(
                    {f"child-{index}-first_name": already_registered(person).messages}
                )
            registrations.append(
                register_locked(
                    actor=None,
                    activity=locked,
                    person=person,
                    price_tier=child.get("price_tier"),
                    source=RegistrationSource.ONLINE,
                    submission=submission,
                    health_notes=(child.get("health_notes") or "").strip(),
                    **guardian,
                )
            )
        notify_later("confirmation", [r.pk for r in registrations])
    return registrations
