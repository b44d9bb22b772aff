"""Each young person's school / training / employment situation over time: the writes, and
the timeline read the status pages share.

A status holds from its `starts_on` until the next one starts, so the timeline is just the
rows by date; the newest one that has started is the current situation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.casework.models import FollowUp
from maillage.core.audit import audit_log
from maillage.core.models import User
from maillage.core.validation import Errors, raise_errors
from maillage.people.models import Person
from maillage.schooling.models import EducationStatus, School, StatusKind

__all__ = ["TimelineRow", "education_status_record", "status_timeline"]


def _errors(
    actor: User,
    *,
    person: Person,
    kind: str,
    starts_on: date | None,
    school: School | None,
    followup: FollowUp | None,
) -> Errors:
    errors: Errors = {}
    today = timezone.localdate()
    if kind not in StatusKind.values:
        errors["kind"] = [_("Choose the young person’s situation.")]
    if starts_on is None:
        errors["starts_on"] = [_("Give the date this situation started.")]
    elif starts_on > today:
        errors["starts_on"] = [_("The date cannot be in the future.")]
    elif person.birth_date and starts_on < person.birth_date:
        errors["starts_on"] = [_("The date cannot be before the young person’s birth.")]
    elif EducationStatus.objects.filter(
        organisation_id=person.organisation_id, person=person, starts_on=starts_on
    ).exists():
        errors["starts_on"] = [_("A situation already starts on this day: one situation per day.")]
    if kind == StatusKind.IN_SCHOOL and school is None:
        errors["school"] = [_("Choose the school the young person attends.")]
    elif kind != StatusKind.IN_SCHOOL and school is not None:
        errors["school"] = [_("A school is given only for the situation “in school”.")]
    elif school is not None and not School.objects.visible_to(actor).filter(pk=school.pk).exists():
        errors["school"] = [_("Choose a school of the directory.")]
    if followup is not None and not (
        FollowUp.objects.visible_to(actor).filter(pk=followup.pk, person_id=person.pk).exists()
    ):
        errors["followup"] = [_("Choose one of this young person’s follow-ups.")]
    return errors


@transaction.atomic
def education_status_record(
    *,
    actor: User,
    person: Person,
    kind: str,
    starts_on: date | None,
    school: School | None = None,
    detail: str = "",
    followup: FollowUp | None = None,
) -> EducationStatus:
    """Record that from `starts_on` the person is in situation `kind` (in school X, in
    training, employed, NEET, unknown), optionally at one of their follow-up's events."""
    raise_errors(
        _errors(
            actor, person=person, kind=kind, starts_on=starts_on, school=school, followup=followup
        )
    )
    assert starts_on is not None  # checked above
    try:
        # A savepoint, so a concurrent twin on the same day is reported, not a broken
        # transaction.
        with transaction.atomic():
            status = EducationStatus.objects.create(
                organisation_id=person.organisation_id,
                person=person,
                kind=kind,
                starts_on=starts_on,
                school=school,
                detail=detail.strip(),
                followup=followup,
                recorded_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"starts_on": [_("A situation already starts on this day: one situation per day.")]}
        ) from None
    audit_log(
        actor=actor,
        action="schooling.education_status.recorded",
        target=status,
        changes={"kind": kind, "starts_on": str(starts_on), "followup": followup is not None},
    )
    return status


@dataclass(frozen=True)
class TimelineRow:
    status: EducationStatus
    ends_on: date | None  # the day before the next status starts; None while it lasts
    is_current: bool
    is_future: bool = False


def status_timeline(user: Any, person: Person) -> list[TimelineRow]:
    """The person's statuses newest first, each with the day it ended. One query."""
    statuses = list(
        EducationStatus.objects.visible_to(user)
        .filter(person=person)
        .select_related("school__organisation", "recorded_by")
        .order_by("-starts_on", "-pk")
    )
    today = timezone.localdate()
    rows: list[TimelineRow] = []
    next_start: date | None = None
    current_found = False
    for status in statuses:
        is_current = not current_found and status.starts_on <= today
        current_found = current_found or is_current
        ends_on = date.fromordinal(next_start.toordinal() - 1) if next_start else None
        rows.append(TimelineRow(status, ends_on, is_current, status.starts_on > today))
        next_start = status.starts_on
    return rows
