"""The objects and members the figures use: the busiest of each kind in the seeded data, so
the pages measured are the heaviest an ordinary member opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max
from django.utils import timezone

from maillage.activities.models import Activity, Session
from maillage.bench.context import Actor
from maillage.casework.models import Assignment, FollowUp, Intervention
from maillage.core.models import Membership, Organisation, User
from maillage.core.roles import Role
from maillage.directory.models import Service
from maillage.people.models import Person
from maillage.schooling.models import Enrolment, Signal

WORK_ROLES = [Role.COORDINATOR, Role.FIELD_WORKER, Role.DIRECTOR]


def member_of(organisation_id: int, roles: list[str] | None = None) -> Actor | None:
    """An active member of the organisation, holding the first of `roles` found."""
    for role in roles or WORK_ROLES:
        membership = (
            Membership.objects.filter(organisation_id=organisation_id, role=role, is_active=True)
            .select_related("user", "organisation")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return Actor(membership.user, membership.organisation)
    return None


def data_day() -> date:
    """The day the data describes: its latest intervention, or today on a database without
    one. The sector data is dated from a fixed day and the demo from the day it was made; a
    figure that asks for "the last twelve months" asks it of this day, so that a run next year
    measures the same work as a run today."""
    latest = Intervention.objects.aggregate(day=Max("date"))["day"]
    return min(latest, timezone.localdate()) if latest else timezone.localdate()


@dataclass
class Picks:
    worker: Actor | None = None  # the member with the most follow-ups
    followup: FollowUp | None = None
    search_text: str = ""
    activity: Activity | None = None
    activity_actor: Actor | None = None
    session: Session | None = None
    signal_actor: Actor | None = None
    service_text: str = ""


def pick() -> Picks:
    picks = Picks()
    busiest = (
        Assignment.objects.values("worker_id", "followup__organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n", "worker_id")
        .first()
    )
    if busiest is not None:
        picks.worker = Actor(
            User.objects.get(pk=busiest["worker_id"]),
            Organisation.objects.get(pk=busiest["followup__organisation_id"]),
        )
        picks.followup = (
            FollowUp.objects.filter(
                workers=picks.worker.user, organisation=picks.worker.organisation
            )
            .annotate(n=Count("interventions"))
            .order_by("-n", "pk")
            .first()
        )
    else:
        biggest = Person.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n")
        first = biggest.first()
        picks.worker = member_of(first["organisation_id"]) if first else None
    if picks.worker is not None:
        person = (
            Person.objects.filter(organisation=picks.worker.organisation).order_by("pk").first()
        )
        # Three letters of a common name: a search that finds many files.
        picks.search_text = person.last_name[:3] if person else "a"
    picks.activity = (
        Activity.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    )
    if picks.activity is not None:
        staff = picks.activity.staff.order_by("pk").first()
        picks.activity_actor = (
            Actor(staff, picks.activity.organisation)
            if staff is not None
            else member_of(picks.activity.organisation_id)
        )
        picks.session = picks.activity.sessions.order_by("-date", "pk").first()
    signalled = (
        Signal.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n").first()
    )
    if signalled is None:  # no signal yet: the team with the most pupils
        signalled = (
            Enrolment.objects.values("organisation_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
    if signalled is not None:
        picks.signal_actor = member_of(signalled["organisation_id"])
    service = Service.objects.order_by("pk").first()
    words = [w for w in (service.name.split() if service else []) if len(w) > 3]
    picks.service_text = words[0] if words else "jeunes"
    return picks
