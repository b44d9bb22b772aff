"""The objects and members the figures use: the busiest of each kind in the seeded data, so
the pages measured are the heaviest an ordinary member opens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max
from django.utils import timezone

from maillage.activities.models import Activity, Session
from maillage.bench.context import Actor
from maillage.casework.models import Assignment, FollowUp, Intervention
from maillage.concertation.models import Meeting
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
    # The home page of each role, in the busiest worker's team when the role is there.
    role_homes: list[tuple[str, Actor]] = field(default_factory=list)
    meeting: Meeting | None = None  # the one with the most agenda items and attendees
    meeting_actor: Actor | None = None
    programme_actor: Actor | None = None  # a programme coordinator


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
    _pick_roles_and_meetings(picks)
    service = Service.objects.order_by("pk").first()
    words = [w for w in (service.name.split() if service else []) if len(w) > 3]
    picks.service_text = words[0] if words else "jeunes"
    return picks


def _pick_roles_and_meetings(picks: Picks) -> None:
    home_org = picks.worker.organisation.pk if picks.worker else None
    for role in Role:
        actor = member_of(home_org, [role]) if home_org is not None else None
        if actor is None:
            any_org = (
                Membership.objects.filter(role=role, is_active=True)
                .order_by("pk")
                .values_list("organisation_id", flat=True)
                .first()
            )
            actor = member_of(any_org, [role]) if any_org is not None else None
        if actor is not None:
            picks.role_homes.append((str(role.label), actor))
            if role == Role.PROGRAMME_COORDINATOR:
                picks.programme_actor = actor
    picks.meeting = (
        Meeting.objects.annotate(n=Count("agenda_items", distinct=True))
        .order_by("-n", "-pk")
        .first()
    )
    if picks.meeting is not None:
        picks.meeting_actor = member_of(picks.meeting.organisation_id)
