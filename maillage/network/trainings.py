"""Writes of the trainings of workers (re-exported by services.py): one or several days,
participants who are members of the organisation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.models import Membership, Organisation, User
from maillage.core.validation import Errors, raise_errors
from maillage.network.models import Training, TrainingDay
from maillage.network.rules import require_own


def _training_errors(
    organisation: Organisation,
    title: str,
    trainer: str,
    days: Sequence[tuple[date, Decimal]],
    participants: Sequence[User],
) -> Errors:
    errors: Errors = {}
    if not title.strip():
        errors["title"] = [_("Give the training a title.")]
    if not trainer.strip():
        errors["trainer"] = [_("Name the trainer or the training body.")]
    if not days:
        errors["days"] = [_("Give at least one day of training.")]
    elif len({day for day, _hours in days}) != len(days):
        errors["days"] = [_("The same day is given twice.")]
    elif any(not Decimal("0.5") <= hours <= Decimal("12") for _day, hours in days):
        errors["days"] = [_("Each day counts between 0.5 and 12 hours.")]
    ids = [p.pk for p in participants]
    members = set(
        Membership.objects.filter(
            organisation=organisation, user_id__in=ids, is_active=True
        ).values_list("user_id", flat=True)
    )
    if set(ids) - members:
        errors["participants"] = [_("Participants must be members of your organisation.")]
    return errors


def _set_days(training: Training, days: Sequence[tuple[date, Decimal]]) -> None:
    training.days.all().delete()
    TrainingDay.objects.bulk_create(
        TrainingDay(organisation_id=training.organisation_id, training=training, date=d, hours=h)
        for d, h in sorted(days)
    )


@transaction.atomic
def training_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    trainer: str,
    days: Sequence[tuple[date, Decimal]],
    participants: Sequence[User] = (),
    place: str = "",
    description: str = "",
) -> Training:
    raise_errors(_training_errors(organisation, title, trainer, days, participants))
    training = Training.objects.create(
        organisation=organisation,
        title=title.strip(),
        trainer=trainer.strip(),
        place=place,
        description=description,
        created_by=actor,
    )
    _set_days(training, days)
    training.participants.set(list(participants))
    audit_log(
        actor=actor,
        action="network.training.created",
        target=training,
        changes={"days": len(days), "participants": len(participants)},
    )
    return training


@transaction.atomic
def training_update(
    *,
    actor: User,
    training: Training,
    title: str,
    trainer: str,
    days: Sequence[tuple[date, Decimal]],
    participants: Sequence[User],
    place: str = "",
    description: str = "",
) -> Training:
    require_own(actor, training)
    raise_errors(_training_errors(training.organisation, title, trainer, days, participants))
    training.title, training.trainer = title.strip(), trainer.strip()
    training.place, training.description = place, description
    training.save()
    _set_days(training, days)
    training.participants.set(list(participants))
    audit_log(
        actor=actor,
        action="network.training.updated",
        target=training,
        changes={"days": len(days), "participants": len(participants)},
    )
    return training


@transaction.atomic
def training_delete(*, actor: User, training: Training) -> None:
    require_own(actor, training)
    audit_log(actor=actor, action="network.training.deleted", target=training)
    training.delete()
