"""Registrations to collective activities, made directly for the privacy tests."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from maillage.activities.models import (
    Activity,
    Attendance,
    PriceTier,
    Registration,
    Session,
)


def register(
    person,
    *,
    title="Stage nature",
    starts_on=date(2014, 7, 7),
    days=5,
    present=(True, True, False),
    status="confirmed",
):
    """`person` registered by a parent for an activity of their organisation, with its
    sessions' attendance (one row per value of `present`)."""
    org = person.organisation
    activity = Activity.objects.create(
        organisation=org,
        kind="camp",
        title=title,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        commune=org.commune,
        places=12,
    )
    tier = PriceTier.objects.create(
        organisation=org, activity=activity, label="Tarif réduit", amount=Decimal("25")
    )
    registration = Registration.objects.create(
        organisation=org,
        activity=activity,
        person=person,
        status=status,
        source="online",
        price_tier=tier,
        amount_due=Decimal("25.00"),
        payment_status="paid",
        paid_on=starts_on - timedelta(days=3),
        guardian_name="Maman de Sami",
        guardian_email="maman.sami@example.org",
        guardian_phone="0470 11 22 33",
        emergency_contact="Tante Rita 0470 44 55 66",
        health_notes="Allergie aux arachides",
        parental_authorisation=True,
        photo_consent=True,
        age_override_reason="Grand frère du groupe",
    )
    for index, was_there in enumerate(present):
        session = Session.objects.create(
            organisation=org,
            activity=activity,
            date=starts_on + timedelta(days=index),
            starts_at=time(9),
            ends_at=time(16),
        )
        Attendance.objects.create(
            organisation=org, session=session, registration=registration, present=was_there
        )
    return registration
