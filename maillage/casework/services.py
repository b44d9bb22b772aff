"""Writes of the individual axis: requests, follow-ups, interventions, consents, referrals.

Every function takes the acting user first, checks what casework.access allows, validates
with French messages keyed by field, runs in one transaction and writes the audit log with
field names only: notes, summaries and next steps never leave their encrypted columns.

A follow-up carries a `version`: every form that changes it sends the version it was shown
with, and the change is a conditional UPDATE on that version, so a form posted twice, or after
a colleague's change, changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

# Requests and sharing live in their own modules; every write is reachable from here.
from maillage.casework.consents import (
    REFERRAL_NEXT,
    consent_record,
    consent_withdraw,
    referral_send,
    referral_update_status,
)
from maillage.casework.models import (
    Assignment,
    FollowUp,
    Intervention,
    InterventionKind,
    Outcome,
    Request,
    Status,
)
from maillage.casework.queries import eligible_workers
from maillage.casework.recording import request_record
from maillage.casework.rules import (
    Errors,
    form_token_used,
    future,
    raise_errors,
    require_full,
    require_not_closed,
    stale,
    today,
)
from maillage.core.audit import audit_log
from maillage.core.models import User
from maillage.core.scoping import current_organisation_id

__all__ = [
    "REFERRAL_NEXT",
    "consent_record",
    "consent_withdraw",
    "followup_assign",
    "followup_close",
    "followup_open",
    "followup_pause",
    "followup_reopen",
    "followup_resume",
    "followup_unassign",
    "followup_update_next_step",
    "intervention_log",
    "referral_send",
    "referral_update_status",
    "request_record",
]

MAX_DURATION_MINUTES = 24 * 60


def _worker_errors(organisation_id: int, workers: Sequence[User]) -> list[str]:
    if not workers:
        return [_("A follow-up needs at least one worker.")]
    allowed = set(eligible_workers(organisation_id).values_list("pk", flat=True))
    refused = [str(w) for w in workers if w.pk not in allowed]
    if refused:
        return [
            _("%(names)s cannot be assigned: only active members who work with young people.")
            % {"names": ", ".join(refused)}
        ]
    return []


@transaction.atomic
def followup_open(
    *,
    actor: User,
    request: Request,
    workers: Sequence[User],
    opened_on: date,
    next_step: str = "",
    next_step_due: date | None = None,
) -> FollowUp:
    """Open the follow-up of a request (one per request), with its workers."""
    if current_organisation_id(actor) != request.organisation_id:
        raise PermissionDenied
    chosen = list(dict.fromkeys(workers))
    errors: Errors = {}
    if worker_errors := _worker_errors(request.organisation_id, chosen):
        errors["workers"] = worker_errors
    if opened_on > today():
        errors["opened_on"] = [future()]
    elif opened_on < request.received_on:
        errors["opened_on"] = [_("A follow-up cannot open before the request was received.")]
    if next_step_due and next_step_due < opened_on:
        errors["next_step_due"] = [_("The due date is before the opening of the follow-up.")]
    raise_errors(errors)
    if FollowUp.objects.filter(request=request).exists():
        raise ValidationError(_("This request already has a follow-up."), code="exists")
    try:
        with transaction.atomic():
            followup = FollowUp.objects.create(
                organisation_id=request.organisation_id,
                request=request,
                person=request.person,
                opened_on=opened_on,
                next_step=next_step.strip(),
                next_step_due=next_step_due,
            )
    except IntegrityError:
        raise ValidationError(_("This request already has a follow-up."), code="exists") from None
    Assignment.objects.bulk_create(
        [
            Assignment(
                organisation_id=request.organisation_id,
                followup=followup,
                worker=worker,
                assigned_on=opened_on,
            )
            for worker in chosen
        ]
    )
    audit_log(
        actor=actor,
        action="casework.followup.opened",
        target=followup,
        changes={"workers": [w.pk for w in chosen], "fields": ["next_step", "next_step_due"]},
    )
    return followup


def _change(
    actor: User,
    followup: FollowUp,
    version: int,
    action: str,
    changes: dict[str, Any],
    **values: Any,
) -> FollowUp:
    """The conditional UPDATE: nothing changes unless the row is still at `version`."""
    updated = FollowUp.objects.filter(pk=followup.pk, version=version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise stale()
    followup.refresh_from_db()
    audit_log(actor=actor, action=action, target=followup, changes=changes)
    return followup


def _check(actor: User, followup: FollowUp, version: int) -> None:
    require_full(actor, followup)
    if version != followup.version:
        raise stale()


@transaction.atomic
def followup_update_next_step(
    *, actor: User, followup: FollowUp, next_step: str, next_step_due: date | None, version: int
) -> FollowUp:
    _check(actor, followup, version)
    errors: Errors = {}
    if followup.status == Status.CLOSED:
        errors["__all__"] = [_("This follow-up is closed: reopen it first.")]
    if next_step_due and next_step_due < followup.opened_on:
        errors["next_step_due"] = [_("The due date is before the opening of the follow-up.")]
    raise_errors(errors)
    return _change(
        actor,
        followup,
        version,
        "casework.followup.next_step_changed",
        {"fields": ["next_step", "next_step_due"]},
        next_step=next_step.strip(),
        next_step_due=next_step_due,
    )


@transaction.atomic
def followup_pause(*, actor: User, followup: FollowUp, version: int) -> FollowUp:
    _check(actor, followup, version)
    if followup.status != Status.OPEN:
        raise ValidationError(_("Only an open follow-up can be paused."))
    return _change(
        actor,
        followup,
        version,
        "casework.followup.paused",
        {"status": ["open", "paused"]},
        status=Status.PAUSED,
    )


@transaction.atomic
def followup_resume(*, actor: User, followup: FollowUp, version: int) -> FollowUp:
    _check(actor, followup, version)
    if followup.status != Status.PAUSED:
        raise ValidationError(_("Only a paused follow-up can be resumed."))
    return _change(
        actor,
        followup,
        version,
        "casework.followup.resumed",
        {"status": ["paused", "open"]},
        status=Status.OPEN,
    )


@transaction.atomic
def followup_close(
    *,
    actor: User,
    followup: FollowUp,
    closed_on: date,
    reason: str,
    outcome: str,
    version: int,
) -> FollowUp:
    _check(actor, followup, version)
    errors: Errors = {}
    if followup.status == Status.CLOSED:
        errors["__all__"] = [_("This follow-up is already closed.")]
    if closed_on > today():
        errors["closed_on"] = [future()]
    elif closed_on < followup.opened_on:
        errors["closed_on"] = [_("A follow-up cannot close before it opened.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for closing.")]
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose the outcome from the list.")]
    raise_errors(errors)
    return _change(
        actor,
        followup,
        version,
        "casework.followup.closed",
        {"status": [followup.status, "closed"], "outcome": outcome, "fields": ["close_reason"]},
        status=Status.CLOSED,
        closed_on=closed_on,
        close_reason=reason.strip(),
        outcome=outcome,
    )


@transaction.atomic
def followup_reopen(*, actor: User, followup: FollowUp, version: int) -> FollowUp:
    _check(actor, followup, version)
    if followup.status != Status.CLOSED:
        raise ValidationError(_("Only a closed follow-up can be reopened."))
    return _change(
        actor,
        followup,
        version,
        "casework.followup.reopened",
        {"status": ["closed", "open"], "outcome": followup.outcome},
        status=Status.OPEN,
        closed_on=None,
        close_reason="",
        outcome="",
    )


@transaction.atomic
def followup_assign(*, actor: User, followup: FollowUp, worker: User, version: int) -> FollowUp:
    _check(actor, followup, version)
    errors = _worker_errors(followup.organisation_id, [worker])
    if not errors and followup.assignments.filter(worker=worker).exists():
        errors = [_("%(name)s is already assigned.") % {"name": worker}]
    raise_errors({"worker": errors} if errors else {})
    Assignment.objects.create(
        organisation_id=followup.organisation_id,
        followup=followup,
        worker=worker,
        assigned_on=today(),
    )
    return _change(
        actor, followup, version, "casework.followup.worker_assigned", {"worker": worker.pk}
    )


@transaction.atomic
def followup_unassign(*, actor: User, followup: FollowUp, worker: User, version: int) -> FollowUp:
    _check(actor, followup, version)
    assignments = list(followup.assignments.select_for_update().values_list("worker_id", flat=True))
    if worker.pk not in assignments:
        raise ValidationError({"worker": [_("%(name)s is not assigned.") % {"name": worker}]})
    if len(assignments) == 1:
        raise ValidationError({"worker": [_("A follow-up needs at least one worker.")]})
    followup.assignments.filter(worker=worker).delete()
    return _change(
        actor, followup, version, "casework.followup.worker_unassigned", {"worker": worker.pk}
    )


# Inside a follow-up --------------------------------------------------------------------------


@transaction.atomic
def intervention_log(
    *,
    actor: User,
    followup: FollowUp,
    date: date,
    duration_minutes: int,
    kind: str,
    present: str = "",
    notes: str = "",
    form_token: uuid.UUID | None = None,
) -> Intervention:
    require_full(actor, followup)
    form_token_used(Intervention, form_token)
    require_not_closed(followup, _("This follow-up is closed: reopen it to log an intervention."))
    errors: Errors = {}
    if date > today():
        errors["date"] = [future()]
    if not 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [_("Give a duration between 1 minute and 24 hours.")]
    if kind not in InterventionKind.values:
        errors["kind"] = [_("Choose the kind of intervention from the list.")]
    raise_errors(errors)
    try:
        with transaction.atomic():
            intervention = Intervention.objects.create(
                organisation_id=followup.organisation_id,
                followup=followup,
                date=date,
                duration_minutes=duration_minutes,
                kind=kind,
                present=present.strip(),
                notes=notes.strip(),
                author=actor,
                form_token=form_token,
            )
    except IntegrityError:
        raise ValidationError(
            _("This form has already been saved."), code="already_saved"
        ) from None
    audit_log(
        actor=actor,
        action="casework.intervention.logged",
        target=intervention,
        changes={"followup": followup.pk, "kind": kind, "fields": ["present", "notes"]},
    )
    return intervention
