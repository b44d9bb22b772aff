"""Invitations to a meeting and registrations for a themed conference.

Invitations leave once: the meeting's row is locked, stamped, and the e-mails go as a task
after the commit. A conference never takes more people than its places: the meeting's row
is locked while counting (`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.concertation.models import ConferenceRegistration, Meeting, RegistrationSource
from maillage.concertation.notify import invitations_later
from maillage.concertation.rules import clean as _clean
from maillage.concertation.rules import require_manager
from maillage.core.audit import audit_log
from maillage.core.models import User
from maillage.core.validation import Errors, raise_errors


@transaction.atomic
def invitations_send(*, actor: User, meeting: Meeting) -> int:
    """Invite every member with an e-mail address, once; the e-mails leave as a task."""
    require_manager(actor, meeting.platform)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.invitations_sent_at is not None:
        local = timezone.localtime(meeting.invitations_sent_at)
        raise ValidationError(
            {
                "__all__": [
                    _("The invitations were sent on %(date)s.") % {"date": f"{local:%d/%m/%Y}"}
                ]
            }
        )
    count: int = meeting.platform.members.exclude(email="").count()
    if not count:
        raise ValidationError({"__all__": [_("No member of the platform has an e-mail address.")]})
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    invitations_later(meeting.pk)
    audit_log(
        actor=actor,
        action="concertation.invitations.sent",
        target=meeting,
        changes={"recipients": count},
    )
    return count


@transaction.atomic
def conference_register(
    *,
    actor: User | None,
    meeting: Meeting,
    name: str,
    email: str,
    organisation_name: str = "",
) -> ConferenceRegistration:
    """A member registers (actor given) or a visitor of the public page (actor None).
    Never more registrations than places: the meeting's row is locked while counting."""
    meeting = Meeting.objects.select_for_update().select_related("platform").get(pk=meeting.pk)
    errors: Errors = {}
    if not meeting.is_conference:
        errors["__all__"] = [_("This meeting is not open to registration.")]
    elif actor is None and not (
        meeting.public_registration and meeting.platform.public_registration
    ):
        errors["__all__"] = [_("Registration for this conference needs an account.")]
    elif meeting.date < timezone.localdate():
        errors["__all__"] = [_("This conference is over.")]
    elif meeting.capacity is not None and meeting.registrations.count() >= meeting.capacity:
        errors["__all__"] = [_("This conference is full.")]
    if not _clean(name):
        errors["name"] = [_("Give your name.")]
    email = email.strip().lower()
    if not email:
        errors["email"] = [_("Give your e-mail address.")]
    elif meeting.registrations.filter(email__iexact=email).exists():
        errors["email"] = [_("This e-mail address is already registered for the conference.")]
    raise_errors(errors)
    try:
        with transaction.atomic():
            registration = ConferenceRegistration.objects.create(
                organisation_id=meeting.organisation_id,
                meeting=meeting,
                user=actor,
                name=_clean(name),
                email=email,
                organisation_name=_clean(organisation_name),
                source=RegistrationSource.MEMBER if actor else RegistrationSource.PUBLIC,
            )
    except IntegrityError:
        raise ValidationError(
            {"email": [_("This e-mail address is already registered for the conference.")]}
        ) from None
    audit_log(
        actor=actor,
        action="concertation.conference.registered",
        target=meeting,
        organisation=meeting.organisation,
        changes={"source": registration.source},
    )
    return registration
