"""Reads of the public calendar: what a parent sees without an account.

Only `Activity.objects.published()` is read here, and of it only what an organisation chose
to publish: titles, dates, places, ages, prices, how many places are left. The one
exception is a parent's own registrations, found by what only their browser holds (the
numbers kept in their session, the identifier of the form they were given). Every list is
read in a constant number of queries: the confirmed count is annotated and the prices are
prefetched.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.activities.models import (
    Activity,
    PriceTier,
    Registration,
    RegistrationStatus,
    Session,
)
from maillage.core.models import Commune, Organisation

NBSP = "\u00a0"


def _with_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return (
        activities.select_related("organisation__commune", "commune")
        .annotate(
            confirmed_count=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
            )
        )
        .prefetch_related(
            Prefetch("price_tiers", queryset=PriceTier.objects.order_by("position", "amount", "pk"))
        )
    )


def upcoming(
    *,
    today: date,
    commune: Commune | None = None,
    kind: str = "",
    age: int | None = None,
    text: str = "",
    organisation: Organisation | None = None,
) -> QuerySet[Activity]:
    """Published activities that have not ended, the soonest first, filtered as asked.

    `age` is a child's age: the activities whose age range includes it. `text` matches every
    word in the title, description, place, commune or organisation.
    """
    activities = Activity.objects.published().filter(ends_on__gte=today)
    if organisation is not None:
        activities = activities.filter(organisation=organisation)
    if commune is not None:
        activities = activities.filter(commune=commune)
    if kind:
        activities = activities.filter(kind=kind)
    if age is not None:
        activities = activities.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )
    for word in text.split():
        activities = activities.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(place__icontains=word)
            | Q(commune__name__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return _with_counts(activities).order_by("starts_on", "title", "pk")


def communes_with_upcoming(today: date) -> QuerySet[Commune]:
    """The communes worth offering in the filter: those with an upcoming activity."""
    upcoming_ids = Activity.objects.published().filter(ends_on__gte=today).values("commune_id")
    return Commune.objects.filter(pk__in=upcoming_ids).order_by("name")


def published_activity(pk: int) -> Activity:
    """One published activity with its counts, prices and sessions, or a 404."""
    sessions = Session.objects.order_by("date", "starts_at")
    return get_object_or_404(
        _with_counts(Activity.objects.published()).prefetch_related(
            Prefetch("sessions", queryset=sessions)
        ),
        pk=pk,
    )


def money(amount: Decimal) -> str:
    """12,50 € or 60 € (Belgian French; no cents when there are none)."""
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimal_pos=places, use_l10n=True)}{NBSP}€"


def price_range(tiers: Sequence[PriceTier]) -> str:
    """ "Gratuit", one price, or the lowest and the highest."""
    amounts = [tier.amount for tier in tiers]
    if not amounts or max(amounts) == 0:
        return _("Free")
    low, high = min(amounts), max(amounts)
    if low == high:
        return money(low)
    return f"{money(low)} – {money(high)}"


def registration_is_open(activity: Activity, today: date) -> bool:
    """What the online form accepts (the service checks the same, under the lock)."""
    return (
        activity.is_public
        and activity.registration_open
        and activity.takes_names
        and activity.ends_on >= today
    )


@dataclass(frozen=True)
class Availability:
    """How many places are left, in words: `state` is free, unlimited, waiting or full."""

    state: str
    free: int | None
    label: str


def availability(activity: Activity, *, today: date) -> Availability:
    """From the annotated `confirmed_count` of `upcoming` or `published_activity`."""
    if activity.places is None:
        return Availability("unlimited", None, _("Places available"))
    confirmed: int = getattr(activity, "confirmed_count", 0)
    free = max(activity.places - confirmed, 0)
    if free:
        label = ngettext("%(count)s place left", "%(count)s places left", free) % {"count": free}
        return Availability("free", free, label)
    if registration_is_open(activity, today):
        return Availability("waiting", 0, _("Waiting list"))
    return Availability("full", 0, _("Full"))


@dataclass(frozen=True)
class CalendarRow:
    """One activity as the calendar lists it."""

    activity: Activity
    prices: str
    availability: Availability
    registration_open: bool


def rows(activities: Sequence[Activity], *, today: date) -> list[CalendarRow]:
    return [
        CalendarRow(
            activity=activity,
            prices=price_range(list(activity.price_tiers.all())),
            availability=availability(activity, today=today),
            registration_open=registration_is_open(activity, today),
        )
        for activity in activities
    ]


def own_registrations(activity: Activity, ids: Sequence[int]) -> list[Registration]:
    """The registrations a visitor made, by the numbers their own session keeps."""
    return list(
        Registration.objects.filter(pk__in=list(ids), activity=activity)
        .select_related("person", "price_tier")
        .order_by("pk")
    )


def submitted(activity: Activity, submission: uuid.UUID) -> list[Registration]:
    """What one online form registered (the form's identifier is secret to its browser)."""
    return list(
        Registration.objects.filter(submission=submission, activity=activity).order_by("pk")
    )
