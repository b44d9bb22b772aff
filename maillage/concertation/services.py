"""Writes of the concertation platforms: platforms and their members, meetings; what a
meeting records (agenda, attendance, minutes, decisions, action items) is in `records.py`,
invitations and registrations in `registrations.py`, both re-exported here.

Every function takes the acting user first, validates with French messages keyed by field,
runs in one transaction and writes the audit log. Only the organisation running a platform
changes it, with the permission to manage the network; the owner of an action item may
also close it. Registering for a conference is open to any member, and to the public when
the platform allows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from maillage.concertation.models import (
    AgendaItem,
    Meeting,
    Member,
    Platform,
)
from maillage.concertation.notify import invitations_later
from maillage.concertation.records import (
    action_item_add,
    action_item_set_status,
    agenda_item_add,
    attendance_record,
    decision_add,
    minutes_save,
)
from maillage.concertation.registrations import conference_register, invitations_send
from maillage.concertation.rules import can_close, can_manage, require_manager
from maillage.concertation.rules import clean as _clean
from maillage.core.audit import audit_log
from maillage.core.models import Membership, Organisation, User
from maillage.core.roles import Perm, permissions_for
from maillage.core.scoping import current_organisation_id, current_roles
from maillage.core.validation import Errors, raise_errors

__all__ = [
    "action_item_add",
    "action_item_set_status",
    "agenda_item_add",
    "attendance_record",
    "can_close",
    "can_manage",
    "conference_register",
    "decision_add",
    "invitations_send",
    "meeting_create",
    "meeting_update",
    "member_add",
    "member_users",
    "minutes_save",
    "platform_create",
    "platform_update",
    "require_manager",
]


# Platforms and their members


def _check_platform(name: str, members: Iterable[Organisation], runner_id: int) -> Errors:
    errors: Errors = {}
    if not _clean(name):
        errors["name"] = [_("Give the platform a name.")]
    if any(org.pk == runner_id for org in members):
        errors["member_organisations"] = [
            _("The organisation that runs the platform is not one of its members.")
        ]
    return errors


@transaction.atomic
def platform_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    description: str = "",
    member_organisations: Iterable[Organisation] = (),
    public_registration: bool = False,
) -> Platform:
    if current_organisation_id(actor) != organisation.pk or Perm.MANAGE_NETWORK not in (
        permissions_for(current_roles(actor))
    ):
        raise PermissionDenied
    members = list(member_organisations)
    raise_errors(_check_platform(name, members, organisation.pk))
    platform = Platform.objects.create(
        organisation=organisation,
        name=_clean(name),
        description=description.strip(),
        public_registration=public_registration,
    )
    platform.member_organisations.set(members)
    audit_log(
        actor=actor,
        action="concertation.platform.created",
        target=platform,
        changes={"name": platform.name, "member_organisations": [o.pk for o in members]},
    )
    return platform


@transaction.atomic
def platform_update(
    *,
    actor: User,
    platform: Platform,
    name: str,
    description: str = "",
    member_organisations: Iterable[Organisation] = (),
    public_registration: bool = False,
) -> Platform:
    require_manager(actor, platform)
    members = list(member_organisations)
    raise_errors(_check_platform(name, members, platform.organisation_id))
    platform.name = _clean(name)
    platform.description = description.strip()
    platform.public_registration = public_registration
    platform.save()
    platform.member_organisations.set(members)
    audit_log(
        actor=actor,
        action="concertation.platform.updated",
        target=platform,
        changes={"name": platform.name, "member_organisations": [o.pk for o in members]},
    )
    return platform


def member_users(platform: Platform) -> Any:
    """Active users of the running organisation and of the member organisations."""
    orgs = [platform.organisation_id, *platform.member_organisations.values_list("pk", flat=True)]
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(organisation_id__in=orgs, is_active=True).values(
            "user_id"
        ),
    )


@transaction.atomic
def member_add(
    *,
    actor: User,
    platform: Platform,
    user: User | None = None,
    name: str = "",
    email: str = "",
    organisation_name: str = "",
) -> Member:
    """A user of a member organisation, or a person from outside (name required)."""
    require_manager(actor, platform)
    errors: Errors = {}
    if user is not None:
        if not member_users(platform).filter(pk=user.pk).exists():
            errors["user"] = [_("This person works in none of the platform's organisations.")]
        elif platform.members.filter(user=user).exists():
            errors["user"] = [_("This person is already a member of the platform.")]
        raise_errors(errors)
        membership = (
            Membership.objects.filter(user=user, is_active=True)
            .filter(
                Q(organisation_id=platform.organisation_id)
                | Q(organisation__in=platform.member_organisations.all())
            )
            .select_related("organisation")
            .order_by("pk")
            .first()
        )
        name = user.get_full_name() or user.email
        email = user.email
        organisation_name = membership.organisation.name if membership else ""
    else:
        name, organisation_name, email = _clean(name), _clean(organisation_name), email.strip()
        if not name:
            errors["name"] = [_("Choose a user, or give the name of a person from outside.")]
        elif email and platform.members.filter(email__iexact=email).exists():
            errors["email"] = [_("A member of the platform already has this e-mail address.")]
        raise_errors(errors)
    member = Member.objects.create(
        organisation_id=platform.organisation_id,
        platform=platform,
        user=user,
        name=name,
        email=email,
        organisation_name=organisation_name,
    )
    audit_log(
        actor=actor,
        action="concertation.member.added",
        target=member,
        changes={"platform": platform.pk, "user": user.pk if user else None},
    )
    return member


# Meetings

MEETING_FIELDS = (
    "title",
    "date",
    "starts_at",
    "ends_at",
    "place",
    "is_conference",
    "capacity",
    "public_registration",
)

# What a calendar shows of a meeting: a change of one of them is sent to the invited members.
CALENDAR_FIELDS = ("title", "date", "starts_at", "ends_at", "place")


def _check_meeting(platform: Platform, fields: Mapping[str, Any], registered: int) -> Errors:
    errors: Errors = {}
    if not _clean(fields.get("title") or ""):
        errors["title"] = [_("Give the meeting a title.")]
    if not _clean(fields.get("place") or ""):
        errors["place"] = [_("Say where the meeting takes place.")]
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = [_("The meeting ends before it starts.")]
    capacity = fields.get("capacity")
    if not fields.get("is_conference"):
        if capacity is not None:
            errors["capacity"] = [_("Only a conference open to registration has places.")]
        if fields.get("public_registration"):
            errors["public_registration"] = [
                _("Only a conference open to registration has a public page.")
            ]
    else:
        if capacity is not None and capacity < registered:
            errors["capacity"] = [
                _("%(count)s people are registered already: give at least as many places.")
                % {"count": registered}
            ]
        if fields.get("public_registration") and not platform.public_registration:
            errors["public_registration"] = [
                _("The platform does not allow registration without an account: change it first.")
            ]
    return errors


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    platform: Platform,
    title: str,
    date: date,
    starts_at: time,
    ends_at: time,
    place: str,
    is_conference: bool = False,
    capacity: int | None = None,
    public_registration: bool = False,
    agenda: Iterable[str] = (),
) -> Meeting:
    require_manager(actor, platform)
    fields: dict[str, Any] = {
        "title": title,
        "date": date,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "is_conference": is_conference,
        "capacity": capacity,
        "public_registration": public_registration,
    }
    raise_errors(_check_meeting(platform, fields, 0))
    fields["title"], fields["place"] = _clean(title), _clean(place)
    meeting = Meeting.objects.create(
        organisation_id=platform.organisation_id, platform=platform, **fields
    )
    items = [_clean(line) for line in agenda if _clean(line)]
    AgendaItem.objects.bulk_create(
        AgendaItem(organisation_id=meeting.organisation_id, meeting=meeting, title=t, position=i)
        for i, t in enumerate(items)
    )
    audit_log(
        actor=actor,
        action="concertation.meeting.created",
        target=meeting,
        changes={"platform": platform.pk, "date": date.isoformat(), "agenda": len(items)},
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, **fields: Any) -> Meeting:
    require_manager(actor, meeting.platform)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    values = {name: getattr(meeting, name) for name in MEETING_FIELDS} | fields
    raise_errors(_check_meeting(meeting.platform, values, meeting.registrations.count()))
    values["title"], values["place"] = _clean(values["title"]), _clean(values["place"])
    rescheduled = any(values[name] != getattr(meeting, name) for name in CALENDAR_FIELDS)
    for name, value in values.items():
        setattr(meeting, name, value)
    if rescheduled:
        meeting.sequence += 1
    meeting.save()
    if rescheduled and meeting.invitations_sent_at is not None:
        # The members' calendars hold the invitation: they get the change the same way.
        invitations_later(meeting.pk)
    audit_log(
        actor=actor,
        action="concertation.meeting.updated",
        target=meeting,
        changes={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()},
    )
    return meeting
