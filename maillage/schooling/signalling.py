"""Writes of the signal inbox: a signal entered by hand, acknowledged, assigned, closed with
a reason, or turned into a follow-up of the individual axis once the young person (or their
family) agreed to be accompanied.

Every function takes the acting user first, runs in one transaction with the signal's row
locked (a double click or a colleague's simultaneous action changes nothing twice), and
writes the audit log with field names only: details and reasons stay out of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.casework.models import FollowUp, Requester
from maillage.casework.queries import eligible_workers
from maillage.casework.recording import request_record
from maillage.casework.services import followup_open
from maillage.core.audit import audit_log
from maillage.core.events import publish
from maillage.core.models import Organisation, User
from maillage.core.scoping import current_organisation_id
from maillage.core.validation import Errors, raise_errors
from maillage.people.models import Person
from maillage.schooling.models import School, Signal, SignalSource, SignalStatus
from maillage.schooling.school_years import school_year_for

# Who asks, for the request behind the follow-up: the source of the signal. A threshold
# signal comes from the school's own attendance records.
REQUESTER_OF_SOURCE = {
    SignalSource.THRESHOLD: Requester.SCHOOL,
    SignalSource.SCHOOL: Requester.SCHOOL,
    SignalSource.CPMS: Requester.CPMS,
    SignalSource.FAMILY: Requester.PARENT,
    SignalSource.OTHER: Requester.OTHER,
}
MANUAL_SOURCES = [s for s in SignalSource if s != SignalSource.THRESHOLD]
OPEN = (SignalStatus.NEW, SignalStatus.ACKNOWLEDGED)


def _today() -> date:
    return timezone.localdate()


def _locked(actor: User, signal: Signal) -> Signal:
    """The signal's row, locked until the end of the transaction, refused unless still open."""
    if current_organisation_id(actor) != signal.organisation_id:
        raise PermissionDenied
    status = Signal.objects.select_for_update().values_list("status", flat=True).get(pk=signal.pk)
    if status == SignalStatus.CLOSED:
        raise ValidationError(_("This signal is closed: nothing more can be done with it."))
    if status == SignalStatus.FOLLOWED_UP:
        raise ValidationError(
            _("This signal has already been turned into a follow-up: continue there.")
        )
    signal.status = status
    return signal


def _acknowledge(actor: User, signal: Signal) -> None:
    if signal.status == SignalStatus.NEW:
        signal.status = SignalStatus.ACKNOWLEDGED
        signal.acknowledged_by = actor
        signal.acknowledged_at = timezone.now()


@transaction.atomic
def signal_create(
    *,
    actor: User,
    organisation: Organisation,
    person: Person,
    source: str,
    raised_on: date,
    school: School | None = None,
    details: str = "",
) -> Signal:
    """A signal entered by hand: from a school, a CPMS, the family or someone else."""
    if current_organisation_id(actor) != organisation.pk:
        raise PermissionDenied
    errors: Errors = {}
    if (
        person.organisation_id != organisation.pk
        or not person.is_current
        or not Person.objects.visible_to(actor).filter(pk=person.pk).exists()
    ):
        errors["person"] = [_("This person cannot be chosen.")]
    if source not in MANUAL_SOURCES:
        errors["source"] = [_("Choose who signals the young person from the list.")]
    if raised_on > _today():
        errors["raised_on"] = [_("The date cannot be in the future.")]
    if school is not None and not School.objects.visible_to(actor).filter(pk=school.pk).exists():
        errors["school"] = [_("Choose a school from the list.")]
    raise_errors(errors)
    signal = Signal.objects.create(
        organisation=organisation,
        person=person,
        source=source,
        school=school,
        school_year=school_year_for(raised_on),
        raised_on=raised_on,
        details=details.strip() or None,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="schooling.signal.created",
        target=signal,
        changes={
            "source": source,
            "fields": ["person", "raised_on", *(["school"] if school else [])]
            + (["details"] if signal.details else []),
        },
    )
    publish(
        "signal.created",
        organisation_id=organisation.pk,
        payload={
            "signal_id": signal.pk,
            "school_id": signal.school_id,
            "source": source,
            "status": signal.status,
            "raised_on": raised_on.isoformat(),
            "created_at": signal.created_at.isoformat(),
        },
    )
    return signal


@transaction.atomic
def signal_acknowledge(*, actor: User, signal: Signal) -> Signal:
    """Someone of the team has seen the signal."""
    _locked(actor, signal)
    if signal.status != SignalStatus.NEW:
        raise ValidationError(_("This signal has already been acknowledged."))
    _acknowledge(actor, signal)
    signal.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    audit_log(actor=actor, action="schooling.signal.acknowledged", target=signal, changes={})
    return signal


@transaction.atomic
def signal_assign(*, actor: User, signal: Signal, worker: User) -> Signal:
    """Give the signal to a worker of the team; assigning a new signal acknowledges it."""
    _locked(actor, signal)
    if not eligible_workers(signal.organisation_id).filter(pk=worker.pk).exists():
        raise_errors(
            {"worker": [_("Only an active member who works with young people can be chosen.")]}
        )
    _acknowledge(actor, signal)
    signal.assigned_to = worker
    signal.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "assigned_to"])
    audit_log(
        actor=actor,
        action="schooling.signal.assigned",
        target=signal,
        changes={"assigned_to": worker.pk},
    )
    return signal


@transaction.atomic
def signal_close(*, actor: User, signal: Signal, reason: str) -> Signal:
    """Close the signal without a follow-up, saying why."""
    _locked(actor, signal)
    reason = reason.strip()
    if not reason:
        raise_errors({"reason": [_("Say why the signal is closed.")]})
    _acknowledge(actor, signal)
    signal.status = SignalStatus.CLOSED
    signal.closed_on = _today()
    signal.close_reason = reason
    signal.save(
        update_fields=["status", "acknowledged_by", "acknowledged_at", "closed_on", "close_reason"]
    )
    audit_log(
        actor=actor,
        action="schooling.signal.closed",
        target=signal,
        changes={"fields": ["close_reason"]},
    )
    return signal


@transaction.atomic
def signal_follow_up(
    *,
    actor: User,
    signal: Signal,
    agreed: bool,
    agreed_on: date | None,
    themes: Iterable[str],
    workers: Sequence[User],
) -> FollowUp:
    """Turn the signal into a follow-up of the individual axis. Help exists only at the young
    person's request: the worker confirms that the young person (or their family) agreed to
    be accompanied, and when; the request is recorded on that date, the follow-up opens today.
    Everything is written or nothing."""
    _locked(actor, signal)
    chosen_themes = list(themes)
    errors: Errors = {}
    if not agreed:
        errors["agreed"] = [
            _(
                "A follow-up starts only if the young person or their family agreed to be "
                "accompanied: confirm their agreement."
            )
        ]
    if agreed_on is None:
        errors["agreed_on"] = [_("Give the date of their agreement.")]
    elif agreed_on > _today():
        errors["agreed_on"] = [_("The date cannot be in the future.")]
    # Checked here too so the form shows every mistake at once; casework checks the rest.
    if not chosen_themes:
        errors["themes"] = [_("Choose at least one theme.")]
    if not workers:
        errors["workers"] = [_("A follow-up needs at least one worker.")]
    raise_errors(errors)
    assert agreed_on is not None  # for the type checker: checked just above
    organisation = Organisation.objects.get(pk=signal.organisation_id)
    request = request_record(
        actor=actor,
        organisation=organisation,
        received_on=agreed_on,
        requester=REQUESTER_OF_SOURCE[SignalSource(signal.source)],
        themes=chosen_themes,
        person=signal.person,
        summary=_("From signal n° %(pk)s (%(source)s).")
        % {"pk": signal.pk, "source": signal.get_source_display()},
    )
    followup = followup_open(actor=actor, request=request, workers=workers, opened_on=_today())
    _acknowledge(actor, signal)
    signal.status = SignalStatus.FOLLOWED_UP
    signal.followup = followup
    signal.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "followup"])
    audit_log(
        actor=actor,
        action="schooling.signal.followed_up",
        target=signal,
        changes={"followup": followup.pk, "fields": ["agreed", "agreed_on"]},
    )
    return followup
