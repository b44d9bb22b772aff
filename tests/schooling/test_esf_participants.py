"""ESF+ entry, re-entry, exit and results: the rules of `schooling.esf`."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from maillage.core.audit_models import AuditEvent
from maillage.core.models import Organisation, User
from maillage.people.models import Person
from maillage.schooling import esf
from maillage.schooling.models import Participant, ParticipantResult, ResultMoment

ITEMS = {
    "disability": "no",
    "third_country": "yes",
    "foreign_background": "yes",
    "minority": "declined",
    "other_disadvantage": "no",
}


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def young(org_a: Organisation, member: User) -> Person:
    """A young person of A, on `member`'s caseload (recorded by them)."""
    return Person.objects.create(
        organisation=org_a,
        first_name="Inès",
        last_name="Exemple",
        birth_date=date(2008, 5, 10),
        created_by=member,
    )


def enter(actor: User, person: Person, **extra: Any) -> Participant:
    values: dict[str, Any] = {
        "entered_on": date(2026, 5, 10),
        "gender": "woman",
        "labour_status": "neet",
        "isced": "0-2",
    } | extra
    return esf.participant_enter(
        actor=actor, organisation=person.organisation, person=person, **values
    )


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, Any]:
    return exc.value.message_dict


@pytest.mark.parametrize(
    ("entered_on", "band"),
    [
        (date(2026, 5, 9), "under_18"),  # the day before the 18th birthday
        (date(2026, 5, 10), "18_29"),
        (date(2038, 5, 9), "18_29"),
        (date(2038, 5, 10), "30_54"),
        (date(2063, 5, 10), "55_plus"),
    ],
)
def test_age_band_is_computed_from_the_birth_date_on_the_entry_date(entered_on, band):
    assert esf.age_band_on(date(2008, 5, 10), entered_on) == band


def test_entry_records_the_age_band_and_audits_without_personal_content(worker, young):
    participant = enter(worker, young)
    assert participant.age_band == "18_29"  # born 10 May 2008, entered 10 May 2026
    event = AuditEvent.objects.get(action="schooling.participant.entered")
    assert "yes" not in json.dumps(event.changes)
    assert participant.sensitive_items == ""


def test_entry_refuses_future_date_date_before_birth_and_missing_choices(worker, young):
    with pytest.raises(ValidationError) as exc:
        enter(worker, young, entered_on=today() + timedelta(days=1), gender="", isced="9")
    assert set(errors_of(exc)) == {"entered_on", "gender", "isced"}
    with pytest.raises(ValidationError) as exc:
        enter(worker, young, entered_on=date(2008, 5, 9))
    assert "entered_on" in errors_of(exc)
    assert not Participant.objects.exists()


def test_entry_needs_a_birth_date(worker, young):
    young.birth_date = None
    young.save()
    with pytest.raises(ValidationError) as exc:
        enter(worker, young)
    assert "person" in errors_of(exc)


def test_sensitive_items_need_their_own_consent_date(worker, young):
    with pytest.raises(ValidationError) as exc:
        enter(worker, young, sensitive=ITEMS)
    assert "sensitive_consent_on" in errors_of(exc)
    assert not Participant.objects.exists()


def test_with_consent_every_sensitive_item_is_answered(worker, young):
    with pytest.raises(ValidationError) as exc:
        enter(worker, young, sensitive_consent_on=date(2026, 5, 10), sensitive={"minority": "no"})
    assert {"disability", "third_country", "other_disadvantage"} <= set(errors_of(exc))


def test_sensitive_items_are_stored_encrypted_as_json(worker, young):
    participant = enter(worker, young, sensitive_consent_on=date(2026, 5, 10), sensitive=ITEMS)
    assert esf.sensitive_items_of(participant) == ITEMS
    raw = Participant.objects.filter(pk=participant.pk).values_list("sensitive_items", flat=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sensitive_items FROM schooling_participant WHERE id = %s", [participant.pk]
        )
        stored = cursor.fetchone()[0]
    assert "third_country" not in stored
    assert json.loads(raw[0]) == ITEMS


def test_a_second_entry_of_the_same_person_is_refused_and_keeps_the_first(worker, young):
    first = enter(worker, young)
    with pytest.raises(ValidationError) as exc:
        enter(worker, young, entered_on=date(2026, 6, 1), gender="man", labour_status="employed")
    assert "person" in errors_of(exc)
    first.refresh_from_db()
    assert (first.entered_on, first.gender, first.labour_status) == (
        date(2026, 5, 10),
        "woman",
        "neet",
    )


def test_another_organisations_person_cannot_be_entered(worker, org_a, org_b):
    stranger = Person.objects.create(
        organisation=org_b, first_name="Zoé", last_name="Autre", birth_date=date(2009, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        esf.participant_enter(
            actor=worker,
            organisation=org_a,
            person=stranger,
            entered_on=date(2026, 5, 10),
            gender="woman",
            labour_status="neet",
            isced="0-2",
        )
    assert "person" in errors_of(exc)


def test_exit_records_the_results_at_exit(worker, young):
    participant = enter(worker, young)
    esf.participant_exit(
        actor=worker, participant=participant, exited_on=date(2026, 9, 1), employed=True
    )
    participant.refresh_from_db()
    assert participant.exited_on == date(2026, 9, 1)
    result = ParticipantResult.objects.get()
    assert (result.moment, result.exit_on, result.employed, result.job_searching) == (
        ResultMoment.EXIT,
        date(2026, 9, 1),
        True,
        False,
    )


def test_exit_cannot_be_before_entry_nor_twice(worker, young):
    participant = enter(worker, young)
    with pytest.raises(ValidationError) as exc:
        esf.participant_exit(actor=worker, participant=participant, exited_on=date(2026, 5, 9))
    assert "exited_on" in errors_of(exc)
    esf.participant_exit(actor=worker, participant=participant, exited_on=date(2026, 5, 10))
    with pytest.raises(ValidationError) as exc:
        esf.participant_exit(actor=worker, participant=participant, exited_on=date(2026, 6, 1))
    assert "exited_on" in errors_of(exc)


def test_reentry_keeps_the_first_entry_and_the_earlier_exits_results(worker, young):
    participant = enter(worker, young)
    esf.participant_exit(actor=worker, participant=participant, exited_on=date(2026, 6, 1))
    esf.participant_result_record(
        actor=worker,
        participant=participant,
        moment=ResultMoment.WEEKS_4,
        recorded_on=date(2026, 6, 29),
        job_searching=True,
    )
    with pytest.raises(ValidationError) as exc:
        esf.participant_reenter(
            actor=worker, participant=participant, reentered_on=date(2026, 5, 1)
        )
    assert "reentered_on" in errors_of(exc)
    esf.participant_reenter(actor=worker, participant=participant, reentered_on=date(2026, 7, 1))
    participant.refresh_from_db()
    assert participant.entered_on == date(2026, 5, 10)
    assert participant.reentered_on == date(2026, 7, 1)
    assert participant.exited_on is None
    # The second exit is measured from the re-entry, and keeps its own results.
    with pytest.raises(ValidationError):
        esf.participant_exit(actor=worker, participant=participant, exited_on=date(2026, 6, 15))
    esf.participant_exit(actor=worker, participant=participant, exited_on=date(2026, 8, 1))
    assert ParticipantResult.objects.filter(participant=participant).count() == 3
    assert Participant.objects.count() == 1


def test_reentry_of_a_participant_still_in_the_project_is_refused(worker, young):
    participant = enter(worker, young)
    with pytest.raises(ValidationError) as exc:
        esf.participant_reenter(actor=worker, participant=participant, reentered_on=today())
    assert "reentered_on" in errors_of(exc)


def test_results_need_an_exit_and_the_six_months_to_have_passed(worker, young):
    participant = enter(worker, young)
    with pytest.raises(ValidationError) as exc:
        esf.participant_result_record(
            actor=worker, participant=participant, moment="4_weeks", recorded_on=today()
        )
    assert "recorded_on" in errors_of(exc)
    esf.participant_exit(actor=worker, participant=participant, exited_on=date(2026, 5, 31))
    with pytest.raises(ValidationError) as exc:
        esf.participant_result_record(
            actor=worker, participant=participant, moment="6_months", recorded_on=date(2026, 11, 29)
        )
    assert "recorded_on" in errors_of(exc)
    esf.participant_result_record(
        actor=worker,
        participant=participant,
        moment="6_months",
        recorded_on=date(2026, 11, 30),
        in_education_or_training=True,
    )
    # Recording it again corrects it: still one result per exit and moment.
    esf.participant_result_record(
        actor=worker,
        participant=participant,
        moment="6_months",
        recorded_on=date(2026, 11, 30),
        employed=True,
    )
    result = ParticipantResult.objects.get(moment="6_months")
    assert (result.employed, result.in_education_or_training) == (True, False)
    assert AuditEvent.objects.filter(action="schooling.participant_result.corrected").exists()


def test_due_dates_follow_the_calendar():
    assert esf.result_due_on(date(2026, 8, 31), "6_months") == date(2027, 2, 28)
    assert esf.result_due_on(date(2026, 8, 31), "4_weeks") == date(2026, 9, 28)
