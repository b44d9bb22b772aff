"""Reads of the concertation pages, and the counts the programmes area reuses.

Every list is a fixed number of queries, whatever the number of platforms, meetings or
action items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from maillage.concertation.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    ConferenceRegistration,
    Meeting,
    Member,
    Platform,
)


def platform_rows(user: Any) -> QuerySet[Platform]:
    """The platforms the user sees, with their number of members, their next meeting and
    their open action items."""
    today = timezone.localdate()
    members = (
        Member.objects.filter(platform=OuterRef("pk"))
        .values("platform")
        .annotate(n=Count("pk"))
        .values("n")
    )
    open_items = (
        ActionItem.objects.filter(platform=OuterRef("pk"), status=ActionStatus.OPEN)
        .values("platform")
        .annotate(n=Count("pk"))
        .values("n")
    )
    result: QuerySet[Platform] = (
        Platform.objects.visible_to(user)
        .select_related("organisation")
        .annotate(
            member_count=Subquery(members),
            open_count=Subquery(open_items),
            next_meeting=Min("meetings__date", filter=Q(meetings__date__gte=today)),
        )
        .order_by("name", "pk")
    )
    return result


@dataclass
class PlatformPage:
    members: list[Member]
    upcoming: list[Meeting]
    past: list[Meeting]
    open_items: list[ActionItem]


def _meetings(platform: Platform) -> QuerySet[Meeting]:
    result: QuerySet[Meeting] = platform.meetings.annotate(
        decision_count=Count("decisions", distinct=True),
        action_count=Count("action_items", distinct=True),
    )
    return result


def platform_page(platform: Platform, *, past_limit: int = 20) -> PlatformPage:
    today = timezone.localdate()
    meetings = _meetings(platform)
    return PlatformPage(
        members=list(platform.members.select_related("user").order_by("name", "pk")),
        upcoming=list(meetings.filter(date__gte=today).order_by("date", "starts_at")),
        past=list(meetings.filter(date__lt=today).order_by("-date", "-starts_at")[:past_limit]),
        open_items=list(
            platform.action_items.filter(status=ActionStatus.OPEN)
            .select_related("owner", "meeting")
            .order_by("due_on", "pk")
        ),
    )


@dataclass
class MeetingPage:
    agenda: list[Any]
    carried: list[ActionItem]
    raised: list[ActionItem]
    decisions: list[Any]
    members: list[Member]
    attendance: dict[int, str]
    registrations: list[ConferenceRegistration] = field(default_factory=list)
    registered_count: int = 0
    previous: Meeting | None = None
    next: Meeting | None = None


def meeting_page(user: Any, meeting: Meeting) -> MeetingPage:
    items = ActionItem.objects.select_related("owner", "meeting", "closed_in")
    platform_meetings = Meeting.objects.filter(platform_id=meeting.platform_id)
    earlier = Q(date__lt=meeting.date) | Q(date=meeting.date, starts_at__lt=meeting.starts_at)
    later = Q(date__gt=meeting.date) | Q(date=meeting.date, starts_at__gt=meeting.starts_at)
    return MeetingPage(
        agenda=list(meeting.agenda_items.all()),
        carried=list(items.carried_to(meeting).order_by("meeting__date", "due_on", "pk")),
        raised=list(items.filter(meeting=meeting).order_by("pk")),
        decisions=list(meeting.decisions.all()),
        members=list(meeting.platform.members.order_by("name", "pk")),
        attendance=dict(
            Attendance.objects.filter(meeting=meeting).values_list("member_id", "status")
        ),
        # Who registered is the running organisation's to know (scoped by organisation).
        registrations=list(ConferenceRegistration.objects.visible_to(user).filter(meeting=meeting)),
        registered_count=meeting.registrations.count(),
        previous=platform_meetings.filter(earlier).order_by("-date", "-starts_at").first(),
        next=platform_meetings.filter(later).order_by("date", "starts_at").first(),
    )


def my_open_actions(user: Any) -> QuerySet[ActionItem]:
    """Open action items owned by the user, on the platforms they see."""
    result: QuerySet[ActionItem] = (
        ActionItem.objects.visible_to(user)
        .filter(owner__user=user, status=ActionStatus.OPEN)
        .select_related("platform", "meeting")
        .order_by("due_on", "pk")
    )
    return result


@dataclass(frozen=True)
class PlatformActivity:
    platform_id: int
    name: str
    meetings_held: int
    actions_closed: int


def activity_by_platform(
    platforms: QuerySet[Platform], *, start: date, end: date
) -> list[PlatformActivity]:
    """For each platform: the meetings held between `start` and `end` (both included, and
    no later than today) and the action items done in that period. One query.

    For the programmes area's indicators: pass `Platform.objects.visible_to(user)`, or the
    platforms of a programme.
    """
    held_until = min(end, timezone.localdate())
    meetings = (
        Meeting.objects.filter(platform=OuterRef("pk"), date__range=(start, held_until))
        .values("platform")
        .annotate(n=Count("pk"))
        .values("n")
    )
    closed = (
        ActionItem.objects.filter(
            platform=OuterRef("pk"), status=ActionStatus.DONE, closed_on__range=(start, end)
        )
        .values("platform")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = platforms.annotate(held=Subquery(meetings), closed=Subquery(closed)).order_by(
        "name", "pk"
    )
    return [
        PlatformActivity(
            platform_id=row.pk,
            name=row.name,
            meetings_held=row.held or 0,
            actions_closed=row.closed or 0,
        )
        for row in rows
    ]
