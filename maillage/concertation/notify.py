"""Invitations to a meeting: one e-mail to every member of the platform with an address,
with the meeting's summary and an .ics file. They leave as a background task once the
meeting is committed, so a slow mail server never holds a lock or fails the request."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core import ics

log = logging.getLogger(__name__)


def invitations_later(meeting_id: int) -> None:
    transaction.on_commit(lambda: send_invitations.enqueue(meeting_id=meeting_id))


def meeting_event(meeting: Any) -> ics.Event:
    tz = timezone.get_current_timezone()
    return ics.Event(
        uid=f"meeting-{meeting.pk}@maillage",
        start=datetime.combine(meeting.date, meeting.starts_at, tzinfo=tz),
        end=datetime.combine(meeting.date, meeting.ends_at, tzinfo=tz),
        summary=f"{meeting.platform.name} : {meeting.title}",
        location=meeting.place,
        description=meeting.platform.organisation.name,
        url=settings.MAILLAGE_BASE_URL + meeting.get_absolute_url(),
    )


@task()
def send_invitations(meeting_id: int) -> int:
    from maillage.concertation.models import ActionStatus, Meeting

    meeting = Meeting.objects.select_related("platform__organisation").get(pk=meeting_id)
    agenda = [item.title for item in meeting.agenda_items.all()]
    carried = list(
        meeting.platform.action_items.carried_to(meeting)
        .filter(status=ActionStatus.OPEN)
        .select_related("owner")
    )
    members = list(meeting.platform.members.exclude(email="").order_by("pk"))
    calendar = ics.calendar([meeting_event(meeting)], name=meeting.platform.name, method="PUBLISH")
    organiser = meeting.platform.organisation
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitation: %(title)s on %(date)s") % {
            "title": meeting.title,
            "date": f"{meeting.date:%d/%m/%Y}",
        }
        for member in members:
            body = render_to_string(
                "concertation/email/invitation.txt",
                {
                    "member": member,
                    "meeting": meeting,
                    "agenda": agenda,
                    "carried": carried,
                    "url": settings.MAILLAGE_BASE_URL + meeting.get_absolute_url(),
                },
            )
            message = EmailMessage(
                subject=subject,
                body=body,
                to=[member.email],
                reply_to=[organiser.email] if organiser.email else None,
            )
            message.attach("reunion.ics", calendar, "text/calendar")
            message.send()
            sent += 1
    log.info("Sent %s invitation(s) to meeting %s", sent, meeting_id)
    return sent
