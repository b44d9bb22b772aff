"""Reads shared by the team's pages of the collective axis: the list of activities, the
activity page with its roster, the people a worker may register, a registration's page.

Each read runs a fixed number of queries, whatever the number of activities, sessions or
registrations: counts are aggregated by the database, relations fetched in one go.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.activities.models import (
    ACTIVE_STATUSES,
    Activity,
    ActivityQuerySet,
    PriceTier,
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
    Session,
)
from maillage.activities.presence import AttendanceSummary, Rate, attendance_summary
from maillage.activities.rules import age_in_range, age_on
from maillage.core.models import Organisation, User
from maillage.core.roles import ROLE_PERMISSIONS, Perm
from maillage.people.models import Person
from maillage.people.queries import person_search

UPCOMING, PAST, ALL = "upcoming", "past", "all"
PERIODS = (UPCOMING, PAST, ALL)
# A search box, not a directory: a worker refines the name rather than scroll.
CANDIDATE_LIMIT = 20
# The roster never needs what a parent told us in confidence: left encrypted in the row.
_SECRETS = (
    "guardian_name",
    "guardian_email",
    "guardian_phone",
    "emergency_contact",
    "health_notes",
)

WORK_ROLES = frozenset(
    role for role, perms in ROLE_PERMISSIONS.items() if Perm.WORK_WITH_YOUNG_PEOPLE in perms
)


def activity_rows(
    user: Any, *, kind: str = "", period: str = UPCOMING, text: str = ""
) -> ActivityQuerySet:
    """The organisation's activities with their confirmed and waiting counts (one query).

    `upcoming` keeps the activities not over yet (ongoing ones included), soonest first;
    the other periods show the latest first.
    """
    today = timezone.localdate()
    rows: ActivityQuerySet = (
        Activity.objects.visible_to(user)
        .select_related("commune")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )
    )
    if kind:
        rows = rows.filter(kind=kind)
    for word in text.split():
        rows = rows.filter(
            Q(title__icontains=word) | Q(place__icontains=word) | Q(commune__name__icontains=word)
        )
    if period == UPCOMING:
        return rows.filter(ends_on__gte=today).order_by("starts_on", "title", "pk")
    if period == PAST:
        rows = rows.filter(ends_on__lt=today)
    return rows.order_by("-starts_on", "title", "pk")


def activity_for_page(user: Any) -> ActivityQuerySet:
    """Activities with what their header shows, to fetch one with `get_visible_or_404`."""
    queryset: ActivityQuerySet = Activity.objects.select_related(
        "commune", "organisation"
    ).prefetch_related(
        Prefetch("partners", queryset=Organisation.objects.order_by("name")),
        Prefetch("staff", queryset=User.objects.order_by("first_name", "last_name", "email")),
    )
    return queryset


@dataclass(frozen=True)
class RosterLine:
    """One child on the activity's page: confirmed, or waiting at `position`."""

    registration: Registration
    age: int | None
    rate: Rate
    position: int | None = None


@dataclass(frozen=True)
class ActivityPage:
    activity: Activity
    # Sessions carry `present_count`, prices `used` (active registrations at that price).
    sessions: Sequence[Session]
    prices: Sequence[PriceTier]
    confirmed: list[RosterLine]
    waiting: list[RosterLine]
    summary: AttendanceSummary
    today: date

    @property
    def free_places(self) -> int | None:
        if self.activity.places is None:
            return None
        return max(self.activity.places - len(self.confirmed), 0)

    @property
    def staff_ids(self) -> set[int]:
        return {user.pk for user in self.activity.staff.all()}


def _age(activity: Activity, person: Person) -> int | None:
    return age_on(person.birth_date, activity.starts_on) if person.birth_date else None


def activity_page(user: Any, activity: Activity) -> ActivityPage:
    """Sessions (with how many were present), prices, the confirmed children and the waiting
    list in its order, and the attendance figures: six queries whatever the numbers."""
    sessions = list(
        Session.objects.visible_to(user)
        .filter(activity=activity)
        .annotate(
            present_count=Count("attendances", filter=Q(attendances__present=True)),
            recorded_count=Count("attendances"),
        )
        .order_by("date", "starts_at")
    )
    prices = list(
        PriceTier.objects.visible_to(user)
        .filter(activity=activity)
        .annotate(used=Count("registrations", filter=Q(registrations__status__in=ACTIVE_STATUSES)))
    )
    registrations = list(
        Registration.objects.visible_to(user)
        .filter(activity=activity, status__in=ACTIVE_STATUSES)
        .select_related("person", "price_tier")
        .without_secrets("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    summary = attendance_summary(activity)
    confirmed = [
        RosterLine(r, _age(activity, r.person), summary.for_registration(r.pk))
        for r in registrations
        if r.status == RegistrationStatus.CONFIRMED
    ]
    waiting = sorted(
        (r for r in registrations if r.status == RegistrationStatus.WAITING),
        key=lambda r: (r.waiting_since or timezone.now(), r.pk),
    )
    return ActivityPage(
        activity=activity,
        sessions=sessions,
        prices=prices,
        confirmed=confirmed,
        waiting=[
            RosterLine(r, _age(activity, r.person), summary.for_registration(r.pk), position)
            for position, r in enumerate(waiting, start=1)
        ],
        summary=summary,
        today=timezone.localdate(),
    )


def eligible_staff(organisation_id: int) -> QuerySet[User]:
    """Active members of the organisation who work with young people."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__is_active=True,
            memberships__role__in=WORK_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def partner_choices(organisation_id: int) -> QuerySet[Organisation]:
    """Any other active organisation may be named a partner."""
    return Organisation.objects.filter(is_active=True).exclude(pk=organisation_id).order_by("name")


@dataclass(frozen=True)
class Candidate:
    """A young person the worker may register, with their age on the first day."""

    person: Person
    age: int | None
    in_range: bool
    # Already confirmed or waiting for this activity: not to be chosen again.
    registered: bool = False


def findable_persons(user: Any) -> QuerySet[Person]:
    """Whom a worker may register: the identity of every current person of the organisation,
    the scope of the duplicate check (registering a child is not opening their file)."""
    persons: QuerySet[Person] = Person.objects.findable_by(user).select_related("commune")
    return persons


def registration_candidates(
    user: Any, activity: Activity, text: str, chosen: Person | None = None
) -> list[Candidate]:
    """The persons whose names match `text` (the chosen one first), at most a screenful."""
    persons: list[Person] = []
    if text.strip():
        found = person_search(user, text, scope="findable_by").without_secrets()
        persons = list(found[:CANDIDATE_LIMIT])
    if chosen is not None:
        persons = [chosen, *(p for p in persons if p.pk != chosen.pk)]
    registered = set(
        Registration.objects.filter(
            activity=activity, person__in=[p.pk for p in persons], status__in=ACTIVE_STATUSES
        ).values_list("person_id", flat=True)
        if persons
        else ()
    )
    return [
        Candidate(p, _age(activity, p), age_in_range(activity, p.birth_date), p.pk in registered)
        for p in persons
    ]


def waiting_position(registration: Registration) -> int | None:
    """Where a waiting registration stands in its activity's waiting list (1 is next)."""
    if registration.status != RegistrationStatus.WAITING or registration.waiting_since is None:
        return None
    ahead = (
        Registration.objects.filter(
            activity_id=registration.activity_id, status=RegistrationStatus.WAITING
        )
        .filter(
            Q(waiting_since__lt=registration.waiting_since)
            | Q(waiting_since=registration.waiting_since, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def is_full(activity: Activity) -> bool:
    """No place left: a new registration goes on the waiting list."""
    if activity.places is None:
        return False
    confirmed = Registration.objects.filter(
        activity=activity, status=RegistrationStatus.CONFIRMED
    ).count()
    return confirmed >= activity.places


def waiting_ids(activity: Activity) -> set[int]:
    return set(
        Registration.objects.filter(
            activity=activity, status=RegistrationStatus.WAITING
        ).values_list("pk", flat=True)
    )


def confirmed_among(ids: set[int]) -> list[Registration]:
    """Which of these registrations are confirmed now: who a cancellation promoted."""
    if not ids:
        return []
    return list(
        Registration.objects.filter(pk__in=ids, status=RegistrationStatus.CONFIRMED)
        .select_related("person")
        .defer(*_SECRETS)
        .order_by("confirmed_at", "pk")
    )


def registration_for_page(user: Any) -> RegistrationQuerySet:
    """Registrations with what their page shows, to fetch one with `get_visible_or_404`."""
    queryset: RegistrationQuerySet = Registration.objects.select_related(
        "organisation",
        "person",
        "activity",
        "activity__organisation",
        "price_tier",
        "registered_by",
    )
    return queryset


def person_file_visible(user: Any, person: Person) -> bool:
    """Whether the worker may open the child's file (not only see their name here)."""
    return bool(Person.objects.visible_to(user).filter(pk=person.pk).exists())


def price_choices(activity: Activity) -> QuerySet[PriceTier]:
    queryset: QuerySet[PriceTier] = PriceTier.objects.filter(activity=activity)
    return queryset
