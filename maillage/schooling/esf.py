"""Writes of the ESF+ participant records: entry, re-entry, exit, and the results 4 weeks
and 6 months after exit.

The ESF+ rules kept here: one participant per person and organisation; on re-entry the
first entry's data is kept (entry date, gender, age band, labour-market status, education
level and sensitive items never change; the re-entry only reopens the record); the age band
is computed from the birth date on the entry date; the sensitive items are recorded only
with their own consent, encrypted, and never leave the record except as counts.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.models import Organisation, User
from maillage.core.validation import Errors, raise_errors
from maillage.people.models import Person
from maillage.schooling.models import (
    AgeBand,
    EsfGender,
    Isced,
    LabourStatus,
    Participant,
    ParticipantResult,
    ResultMoment,
)
from maillage.schooling.models.esf import SensitiveAnswer, SensitiveItem

__all__ = [
    "RESULT_FLAGS",
    "age_band_on",
    "participant_enter",
    "participant_exit",
    "participant_reenter",
    "participant_result_record",
    "result_due_on",
    "sensitive_items_of",
]

RESULT_FLAGS = ("in_education_or_training", "qualification_gained", "employed", "job_searching")
FOUR_WEEKS = timedelta(weeks=4)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 months is the
    end of February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def result_due_on(exited_on: date, moment: str) -> date:
    """When a result after exit can be recorded and should be."""
    if moment == ResultMoment.WEEKS_4:
        return exited_on + FOUR_WEEKS
    if moment == ResultMoment.MONTHS_6:
        return add_months(exited_on, 6)
    return exited_on


def age_band_on(birth_date: date, day: date) -> str:
    """The ESF+ age band of someone born on `birth_date`, on `day`."""
    age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    if age < 18:
        return AgeBand.UNDER_18
    if age < 30:
        return AgeBand.AGE_18_29
    if age < 55:
        return AgeBand.AGE_30_54
    return AgeBand.OVER_54


def sensitive_items_of(participant: Participant) -> dict[str, str]:
    """The decrypted answers, {item: answer}; empty without consent."""
    if not participant.sensitive_items:
        return {}
    answers: dict[str, str] = json.loads(participant.sensitive_items)
    return answers


def _date_errors(
    field: str, day: date | None, *, not_before: date | None, before_msg: str
) -> Errors:
    if day is None:
        return {field: [_("Give the date.")]}
    if day > timezone.localdate():
        return {field: [_("The date cannot be in the future.")]}
    if not_before is not None and day < not_before:
        return {field: [before_msg]}
    return {}


def _sensitive_errors(
    consent_on: date | None, answers: Mapping[str, str], birth_date: date | None
) -> Errors:
    errors: Errors = {}
    given = {item: answer for item, answer in answers.items() if answer}
    unknown = set(given) - set(SensitiveItem.values)
    if unknown:
        raise TypeError(f"unknown sensitive items: {sorted(unknown)}")
    if consent_on is None:
        if given:
            errors["sensitive_consent_on"] = [
                _(
                    "The sensitive items are recorded only with the young person’s own consent: "
                    "give the date it was given, or leave the items empty."
                )
            ]
        return errors
    errors |= _date_errors(
        "sensitive_consent_on",
        consent_on,
        not_before=birth_date,
        before_msg=_("The date cannot be before the young person’s birth."),
    )
    for item in SensitiveItem.values:
        if given.get(item) not in SensitiveAnswer.values:
            errors[item] = [_("Answer yes, no or “declines to answer”.")]
    return errors


@transaction.atomic
def participant_enter(
    *,
    actor: User,
    organisation: Organisation,
    person: Person,
    entered_on: date | None,
    gender: str,
    labour_status: str,
    isced: str,
    sensitive_consent_on: date | None = None,
    sensitive: Mapping[str, str] | None = None,
) -> Participant:
    """The entry record of a person into the organisation's ESF+ project. A person who is
    already a participant is refused: their first entry's data is kept, a re-entry is
    recorded on their record (`participant_reenter`)."""
    answers = dict(sensitive or {})
    errors: Errors = {}
    if (
        person.organisation_id != organisation.pk
        or not Person.objects.visible_to(actor).current().filter(pk=person.pk).exists()
    ):
        errors["person"] = [_("Choose a young person of your organisation.")]
    elif Participant.objects.filter(organisation=organisation, person=person).exists():
        errors["person"] = [
            _(
                "This young person is already a participant: their first entry’s data is "
                "kept. Record a re-entry on their participant record."
            )
        ]
    elif person.birth_date is None:
        errors["person"] = [
            _("Record the young person’s birth date first: the age band is computed from it.")
        ]
    errors |= _date_errors(
        "entered_on",
        entered_on,
        not_before=person.birth_date,
        before_msg=_("The date cannot be before the young person’s birth."),
    )
    if gender not in EsfGender.values:
        errors["gender"] = [_("Choose the gender.")]
    if labour_status not in LabourStatus.values:
        errors["labour_status"] = [_("Choose the labour-market status at entry.")]
    if isced not in Isced.values:
        errors["isced"] = [_("Choose the education level at entry.")]
    errors |= _sensitive_errors(sensitive_consent_on, answers, person.birth_date)
    raise_errors(errors)
    assert entered_on is not None and person.birth_date is not None  # checked above
    items = (
        json.dumps({item: answers[item] for item in SensitiveItem.values}, sort_keys=True)
        if sensitive_consent_on
        else ""
    )
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                organisation=organisation,
                person=person,
                entered_on=entered_on,
                gender=gender,
                age_band=age_band_on(person.birth_date, entered_on),
                labour_status=labour_status,
                isced=isced,
                sensitive_consent_on=sensitive_consent_on,
                sensitive_items=items,
                created_by=actor,
            )
    except IntegrityError:
        # Someone entered the same person a moment ago: theirs is the first entry.
        raise ValidationError(
            {"person": [_("This young person is already a participant.")]}
        ) from None
    audit_log(
        actor=actor,
        action="schooling.participant.entered",
        target=participant,
        # Field names only: never the sensitive answers.
        changes={
            "fields": ["entered_on", "gender", "age_band", "labour_status", "isced"],
            "sensitive_items": bool(items),
        },
    )
    return participant


def _locked(participant: Participant) -> Participant:
    return Participant.objects.select_for_update().get(pk=participant.pk)


@transaction.atomic
def participant_reenter(
    *, actor: User, participant: Participant, reentered_on: date | None
) -> Participant:
    """A participant who left comes back: the first entry's data is kept, the record is
    open again from `reentered_on`; the earlier exit's results stay with that exit."""
    participant = _locked(participant)
    errors: Errors = {}
    if participant.exited_on is None:
        errors["reentered_on"] = [_("This participant has not left: there is nothing to reopen.")]
    else:
        errors |= _date_errors(
            "reentered_on",
            reentered_on,
            not_before=participant.exited_on,
            before_msg=_("A re-entry cannot be before the last exit."),
        )
    raise_errors(errors)
    previous_exit = participant.exited_on
    participant.reentered_on = reentered_on
    participant.exited_on = None
    participant.save(update_fields=["reentered_on", "exited_on"])
    audit_log(
        actor=actor,
        action="schooling.participant.reentered",
        target=participant,
        changes={"reentered_on": str(reentered_on), "previous_exit": str(previous_exit)},
    )
    return participant


def _flag_errors(flags: Mapping[str, bool]) -> None:
    unknown = set(flags) - set(RESULT_FLAGS)
    if unknown:
        raise TypeError(f"unknown result fields: {sorted(unknown)}")


@transaction.atomic
def participant_exit(
    *, actor: User, participant: Participant, exited_on: date | None, **results: bool
) -> Participant:
    """The exit record and the results at exit (in education or training, qualification
    gained, employed, job searching)."""
    _flag_errors(results)
    participant = _locked(participant)
    errors: Errors = {}
    if participant.exited_on is not None:
        errors["exited_on"] = [_("This participant has already left.")]
    else:
        errors |= _date_errors(
            "exited_on",
            exited_on,
            not_before=participant.latest_entry_on,
            before_msg=_("The exit cannot be before the entry."),
        )
    raise_errors(errors)
    assert exited_on is not None
    participant.exited_on = exited_on
    participant.save(update_fields=["exited_on"])
    ParticipantResult.objects.update_or_create(
        participant=participant,
        exit_on=exited_on,
        moment=ResultMoment.EXIT,
        defaults={
            "organisation_id": participant.organisation_id,
            "recorded_on": exited_on,
            "recorded_by": actor,
            **{flag: bool(results.get(flag)) for flag in RESULT_FLAGS},
        },
    )
    audit_log(
        actor=actor,
        action="schooling.participant.exited",
        target=participant,
        changes={"exited_on": str(exited_on), "results": sorted(f for f in results if results[f])},
    )
    return participant


@transaction.atomic
def participant_result_record(
    *,
    actor: User,
    participant: Participant,
    moment: str,
    recorded_on: date | None,
    **results: bool,
) -> ParticipantResult:
    """The situation 4 weeks or 6 months after the last exit. Recording it again corrects
    it."""
    _flag_errors(results)
    participant = _locked(participant)
    errors: Errors = {}
    if moment not in (ResultMoment.WEEKS_4, ResultMoment.MONTHS_6):
        errors["moment"] = [_("Choose 4 weeks or 6 months after exit.")]
    if participant.exited_on is None:
        errors["recorded_on"] = [_("Record the participant’s exit first.")]
    elif not errors:
        if moment == ResultMoment.MONTHS_6:
            not_before = result_due_on(participant.exited_on, moment)
            message = _("The result at 6 months is recorded from 6 months after the exit.")
        else:
            not_before = participant.exited_on
            message = _("The result cannot be recorded before the exit.")
        errors |= _date_errors(
            "recorded_on", recorded_on, not_before=not_before, before_msg=message
        )
    raise_errors(errors)
    assert participant.exited_on is not None and recorded_on is not None
    result, created = ParticipantResult.objects.update_or_create(
        participant=participant,
        exit_on=participant.exited_on,
        moment=moment,
        defaults={
            "organisation_id": participant.organisation_id,
            "recorded_on": recorded_on,
            "recorded_by": actor,
            **{flag: bool(results.get(flag)) for flag in RESULT_FLAGS},
        },
    )
    audit_log(
        actor=actor,
        action="schooling.participant_result." + ("recorded" if created else "corrected"),
        target=participant,
        changes={"moment": moment, "results": sorted(f for f in results if results[f])},
    )
    return result
