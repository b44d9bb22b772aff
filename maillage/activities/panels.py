"""The collective axis's card on the home page (registered in apps.py).

For whoever works with young people: the sessions they lead in the coming seven days, each
a link to its attendance page, and the children waiting for a place in the organisation's
activities not over yet. Two queries, whatever the number of sessions or registrations.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from maillage.activities.models import Activity, RegistrationStatus, Session
from maillage.core.dashboards import Panel
from maillage.core.roles import Perm

WEEK = timedelta(days=6)  # today and the six days after it
SESSION_LIMIT = 8  # a card, not the calendar: the rest is on "My calendar"
ACTIVITY_LIMIT = 5


def activities_panel(request: HttpRequest) -> Panel | None:
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.WORK_WITH_YOUNG_PEOPLE):
        return None
    user: Any = request.user
    today = timezone.localdate()
    waiting = Q(registrations__status=RegistrationStatus.WAITING)
    # One more than shown tells whether there are others, without counting them.
    sessions = list(
        Session.objects.visible_to(user)
        .filter(activity__staff=user, date__range=(today, today + WEEK))
        .select_related("activity")
        .order_by("date", "starts_at", "pk")[: SESSION_LIMIT + 1]
    )
    # Every activity with a waiting list: the first few are shown, all of them are counted
    # (an organisation has a handful, not thousands).
    waiting_lists = list(
        Activity.objects.visible_to(user)
        .filter(ends_on__gte=today)
        .annotate(waiting=Count("registrations", filter=waiting))
        .filter(waiting__gt=0)
        .order_by("starts_on", "pk")
        .only("pk", "title", "starts_on")
    )
    totals = {
        "children": sum(activity.waiting for activity in waiting_lists),  # type: ignore[attr-defined]
        "activities": len(waiting_lists),
    }
    return Panel(
        "activities/partials/home_panel.html",
        {
            "today": today,
            "sessions": sessions[:SESSION_LIMIT],
            "more_sessions": len(sessions) > SESSION_LIMIT,
            "waiting_lists": waiting_lists[:ACTIVITY_LIMIT],
            "waiting_children": totals["children"],
            "waiting_activities": totals["activities"],
        },
    )
