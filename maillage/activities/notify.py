"""E-mails to parents: the confirmation of a registration and the news that a place freed up.

They leave as a background task once the registration is committed, so a slow mail server
never holds a lock or fails a registration. Each carries the activity's sessions as an
.ics file a phone adds to its calendar in one tap.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core import ics
from maillage.core.links import absolute_url

log = logging.getLogger(__name__)

KINDS = ("confirmation", "promoted")


def notify_later(kind: str, registration_ids: Sequence[int]) -> None:
    if kind not in KINDS:
        raise ValueError(kind)
    ids = list(registration_ids)
    transaction.on_commit(lambda: send_registration_mail.enqueue(kind=kind, registration_ids=ids))


def session_events(sessions: Sequence[object], *, public: bool = False) -> list[ics.Event]:
    """The sessions of the collective axis as calendar events (no names: only the activity).

    Each links to the activity's page: its public page for the public (`public`: parents,
    the public calendar), only while the activity is published; the team's page otherwise.
    """
    events = []
    for session in sessions:
        activity = session.activity  # type: ignore[attr-defined]
        tz = timezone.get_current_timezone()
        start = datetime.combine(session.date, session.starts_at, tzinfo=tz)  # type: ignore[attr-defined]
        end = datetime.combine(session.date, session.ends_at, tzinfo=tz)  # type: ignore[attr-defined]
        if not public:
            url = absolute_url(activity.get_absolute_url())
        elif activity.is_public:
            url = absolute_url(reverse("activities:public_activity", kwargs={"pk": activity.pk}))
        else:
            url = ""
        events.append(
            ics.Event(
                uid=f"session-{session.pk}@maillage",  # type: ignore[attr-defined]
                start=start,
                end=end,
                summary=activity.title,
                location=session.where,  # type: ignore[attr-defined]
                description=activity.organisation.name,
                url=url,
            )
        )
    return events


@task()
def send_registration_mail(kind: str, registration_ids: list[int]) -> int:
    """One e-mail per parent address: two children of one form get one message."""
    from maillage.activities.models import Registration

    registrations = list(
        Registration.objects.filter(pk__in=registration_ids)
        .select_related("activity__organisation", "activity__commune", "person", "price_tier")
        .order_by("pk")
    )
    by_address: dict[str, list[Registration]] = {}
    for registration in registrations:
        if registration.guardian_email:
            by_address.setdefault(registration.guardian_email, []).append(registration)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for address, group in by_address.items():
            activity = group[0].activity
            sessions = list(activity.sessions.select_related("activity__organisation"))
            context = {
                "kind": kind,
                "activity": activity,
                "registrations": group,
                "sessions": sessions,
                "activity_url": absolute_url(
                    reverse("activities:public_activity", kwargs={"pk": activity.pk})
                )
                if activity.is_public
                else "",
            }
            subject = (
                _("Registration for %(title)s")
                if kind == "confirmation"
                else _("A place is free for you: %(title)s")
            ) % {"title": activity.title}
            message = EmailMessage(
                subject=subject,
                body=render_to_string("activities/email/registration.txt", context),
                to=[address],
                reply_to=[activity.organisation.email] if activity.organisation.email else None,
            )
            if sessions:
                message.attach(
                    "seances.ics",
                    ics.calendar(session_events(sessions, public=True), name=activity.title),
                    "text/calendar",
                )
            message.send()
            sent += 1
    log.info("Sent %s %s e-mail(s)", sent, kind)
    return sent
