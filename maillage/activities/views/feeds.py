"""Calendars of sessions (.ics): one activity's, and a worker's own feed at a secret address.

A calendar application cannot sign in, so a worker's feed is read with a token that the
worker can replace at any time. The feed carries activity titles, times and places only:
never a participant, since whoever holds the address reads it.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.activities.models import Activity, CalendarFeed, Session
from maillage.activities.notify import session_events
from maillage.core import ics
from maillage.core.audit import audit_log
from maillage.core.links import absolute_url
from maillage.core.permissions import org_view, public_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

WORK = Perm.WORK_WITH_YOUNG_PEOPLE
ICS_TYPE = "text/calendar; charset=utf-8"
# What the worker's feed spans: recent sessions stay visible for a month.
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=365)
# What "my calendar" lists on the page.
PAGE_WEEKS = 6


def _ics(content: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@org_view(WORK)
def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    sessions = Session.objects.visible_to(request.user).filter(activity=activity)
    content = ics.calendar(
        session_events(list(sessions.select_related("activity__organisation"))),
        name=activity.title,
    )
    return _ics(content, f"seances-activite-{activity.pk}.ics")


def _staff_sessions(user: Any, start: date, end: date) -> QuerySet[Session]:
    """Sessions of the activities `user` is on the staff of, in the organisations where
    they still work: someone who left a team no longer sees its calendar."""
    return (
        Session.objects.filter(
            activity__staff=user,
            date__range=(start, end),
            organisation__is_active=True,
            organisation__memberships__user=user,
            organisation__memberships__is_active=True,
        )
        .select_related("activity__organisation")
        .distinct()
        .order_by("date", "starts_at")
    )


def _feed_for(user: Any) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@org_view(WORK)
def my_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sessions = (
        Session.objects.visible_to(request.user)
        .filter(
            activity__staff=request.user, date__range=(today, today + timedelta(weeks=PAGE_WEEKS))
        )
        .select_related("activity")
        .order_by("date", "starts_at")
    )
    feed = _feed_for(request.user)
    # What a calendar application subscribes to: the product's address, not this request's.
    feed_url = absolute_url(reverse("activities:worker_feed", kwargs={"token": feed.token}))
    return render(
        request,
        "activities/my_calendar.html",
        {"sessions": list(sessions), "feed_url": feed_url, "weeks": PAGE_WEEKS},
    )


@require_POST
@org_view(WORK)
def feed_regenerate(request: HttpRequest) -> HttpResponse:
    feed = _feed_for(request.user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    audit_log(
        actor=request.user,
        action="activities.calendar_feed.regenerated",
        organisation=request.org.organisation,  # type: ignore[attr-defined]
    )
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old one no longer works: update it in your "
            "calendar application."
        ),
    )
    return redirect("activities:my_calendar")


@public_view
def worker_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    today = timezone.localdate()
    sessions = _staff_sessions(feed.user, today - FEED_PAST, today + FEED_FUTURE)
    content = ics.calendar(session_events(list(sessions)), name=_("My sessions"))
    response = _ics(content)
    # Calendar applications poll; the address is a secret, so no shared cache keeps it.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
