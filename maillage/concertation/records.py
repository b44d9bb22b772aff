"""What a meeting records: its agenda, who came, the minutes, decisions and action items
(which carry over to later agendas until closed). Same rules as `services.py`, which
re-exports these functions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.concertation.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Member,
    Presence,
)
from maillage.concertation.rules import can_close, require_manager
from maillage.concertation.rules import clean as _clean
from maillage.core.audit import audit_log
from maillage.core.models import User
from maillage.core.validation import Errors, raise_errors


@transaction.atomic
def agenda_item_add(*, actor: User, meeting: Meeting, title: str) -> AgendaItem:
    require_manager(actor, meeting.platform)
    if not _clean(title):
        raise ValidationError({"title": [_("Type the agenda item.")]})
    position = meeting.agenda_items.count()
    item = AgendaItem.objects.create(
        organisation_id=meeting.organisation_id,
        meeting=meeting,
        title=_clean(title),
        position=position,
    )
    audit_log(actor=actor, action="concertation.agenda_item.added", target=meeting)
    return item


@transaction.atomic
def attendance_record(
    *, actor: User, meeting: Meeting, statuses: Mapping[int, str]
) -> list[Attendance]:
    """`statuses`: member id → present, excused or absent. Members left out keep theirs."""
    require_manager(actor, meeting.platform)
    members = {m.pk: m for m in meeting.platform.members.filter(pk__in=list(statuses))}
    if set(statuses) - set(members):
        raise ValidationError({"__all__": [_("This person is not a member of the platform.")]})
    if any(value not in Presence.values for value in statuses.values()):
        raise ValidationError({"__all__": [_("Choose present, excused or absent.")]})
    Attendance.objects.filter(meeting=meeting, member_id__in=list(statuses)).delete()
    rows = Attendance.objects.bulk_create(
        Attendance(
            organisation_id=meeting.organisation_id,
            meeting=meeting,
            member=members[pk],
            status=status,
        )
        for pk, status in statuses.items()
    )
    audit_log(
        actor=actor,
        action="concertation.attendance.recorded",
        target=meeting,
        changes={str(pk): status for pk, status in statuses.items()},
    )
    return rows


@transaction.atomic
def minutes_save(*, actor: User, meeting: Meeting, minutes: str) -> Meeting:
    require_manager(actor, meeting.platform)
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    audit_log(actor=actor, action="concertation.minutes.saved", target=meeting)
    return meeting


@transaction.atomic
def decision_add(*, actor: User, meeting: Meeting, text: str) -> Decision:
    require_manager(actor, meeting.platform)
    if not text.strip():
        raise ValidationError({"text": [_("Type the decision.")]})
    decision = Decision.objects.create(
        organisation_id=meeting.organisation_id, meeting=meeting, text=text.strip()
    )
    audit_log(actor=actor, action="concertation.decision.added", target=meeting)
    return decision


# Action items


@transaction.atomic
def action_item_add(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    owner: Member | None,
    due_on: date | None = None,
) -> ActionItem:
    require_manager(actor, meeting.platform)
    errors: Errors = {}
    if not _clean(text):
        errors["text"] = [_("Say what has to be done.")]
    if owner is None:
        errors["owner"] = [_("Every action item needs an owner: choose a person of the platform.")]
    elif owner.platform_id != meeting.platform_id:
        errors["owner"] = [_("The owner must be a person of this platform.")]
    if due_on is not None and due_on < meeting.date:
        errors["due_on"] = [_("The due date is before the meeting.")]
    raise_errors(errors)
    assert owner is not None
    item = ActionItem.objects.create(
        organisation_id=meeting.organisation_id,
        platform_id=meeting.platform_id,
        meeting=meeting,
        text=_clean(text),
        owner=owner,
        due_on=due_on,
    )
    audit_log(
        actor=actor,
        action="concertation.action_item.created",
        target=item,
        changes={"owner": owner.pk, "due_on": due_on.isoformat() if due_on else None},
    )
    return item


@transaction.atomic
def action_item_set_status(
    *, actor: User, item: ActionItem, status: str, meeting: Meeting | None = None
) -> ActionItem:
    """Close (done or dropped) or reopen an action item, at `meeting` if it was settled
    there: the item then shows as closed on that meeting's agenda."""
    if not can_close(actor, item):
        raise PermissionDenied
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Choose open, done or dropped.")]})
    if meeting is not None and meeting.platform_id != item.platform_id:
        raise ValidationError({"__all__": [_("This meeting is not one of the platform's.")]})
    previous = item.status
    item.status = status
    if status == ActionStatus.OPEN:
        item.closed_on, item.closed_in = None, None
    else:
        item.closed_on = meeting.date if meeting is not None else timezone.localdate()
        item.closed_in = meeting
    item.save(update_fields=["status", "closed_on", "closed_in"])
    audit_log(
        actor=actor,
        action="concertation.action_item.status_changed",
        target=item,
        changes={"from": previous, "to": status, "meeting": meeting.pk if meeting else None},
    )
    return item
