"""Invitations to a meeting: one e-mail to every member of the platform with an address,
with the meeting's summary and the invitation itself (iTIP, METHOD:REQUEST), which a mail
client shows with its answer buttons; a change of the meeting sends the update the same way.
They leave as a background task once the meeting is committed, so a slow mail server never
holds a lock or fails the request."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core import ics
from maillage.core.links import absolute_url
from maillage.core.mail import CalendarInvitation, sender_address

log = logging.getLogger(__name__)


def invitations_later(meeting_id: int) -> None:
    transaction.on_commit(lambda: send_invitations.enqueue(meeting_id=meeting_id))


def meeting_event(meeting: Any, attendees: Sequence[ics.Person] = ()) -> ics.Event:
    tz = timezone.get_current_timezone()
    organisation = meeting.platform.organisation
    return ics.Event(
        uid=f"meeting-{meeting.pk}@maillage",
        start=datetime.combine(meeting.date, meeting.starts_at, tzinfo=tz),
        end=datetime.combine(meeting.date, meeting.ends_at, tzinfo=tz),
        summary=f"{meeting.platform.name} : {meeting.title}",
        location=meeting.place,
        description=organisation.name,
        url=absolute_url(meeting.get_absolute_url()),
        sequence=meeting.sequence,
        # Answers go to the organisation, or to the platform's address when it has none.
        organizer=ics.Person(organisation.email or sender_address(), organisation.name),
        attendees=attendees,
    )


@task()
def send_invitations(meeting_id: int) -> int:
    """The invitation (METHOD:REQUEST) to each member, or its update once the meeting
    changed (the same UID, a higher SEQUENCE). Each member's calendar names that member only:
    nobody learns the others' addresses."""
    from maillage.concertation.models import ActionStatus, Meeting

    meeting = Meeting.objects.select_related("platform__organisation").get(pk=meeting_id)
    agenda = [item.title for item in meeting.agenda_items.all()]
    carried = list(
        meeting.platform.action_items.carried_to(meeting)
        .filter(status=ActionStatus.OPEN)
        .select_related("owner")
    )
    members = list(meeting.platform.members.exclude(email="").order_by("pk"))
    organiser = meeting.platform.organisation
    url = absolute_url(meeting.get_absolute_url())
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = (
            _("Meeting changed: %(title)s on %(date)s")
            if meeting.sequence
            else _("Invitation: %(title)s on %(date)s")
        ) % {"title": meeting.title, "date": f"{meeting.date:%d/%m/%Y}"}
        for member in members:
            body = render_to_string(
                "concertation/email/invitation.txt",
                {
                    "member": member,
                    "meeting": meeting,
                    "agenda": agenda,
                    "carried": carried,
                    "url": url,
                    "changed": meeting.sequence > 0,
                },
            )
            attendee = ics.Person(member.email, member.name)
            message = CalendarInvitation(
                subject=subject,
                body=body,
                to=[member.email],
                reply_to=[organiser.email] if organiser.email else None,
                calendar=ics.calendar(
                    [meeting_event(meeting, [attendee])],
                    name=meeting.platform.name,
                    method="REQUEST",
                ),
                method="REQUEST",
                filename="reunion.ics",
            )
            message.send()
            sent += 1
    log.info("Sent %s invitation(s) to meeting %s", sent, meeting_id)
    return sent
