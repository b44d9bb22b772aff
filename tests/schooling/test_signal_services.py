"""The services of the signal inbox: acknowledge, assign, close, turn into a follow-up with
the consent step, and a signal entered by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from maillage.casework.models import FollowUp, Request, Requester
from maillage.core.audit_models import AuditEvent
from maillage.core.models import Organisation, User
from maillage.people.models import Person
from maillage.schooling import signalling
from maillage.schooling.models import Enrolment, School, Signal, SignalSource, SignalStatus
from maillage.schooling.thresholds import thresholds_recompute
from tests.schooling.conftest import acting


def threshold_signal(
    enrolment: Enrolment, absences: Callable[..., Any], count: int = 9, **kwargs: Any
) -> Signal:
    """The signal the recompute raises for a pupil at `count` unjustified half-days."""
    absences(enrolment, count, **kwargs)
    thresholds_recompute(organisation_id=enrolment.organisation_id)
    return Signal.objects.filter(person_id=enrolment.person_id).latest("pk")


@pytest.fixture
def signal(pupil: Callable[..., Enrolment], absences: Callable[..., Any]) -> Signal:
    return threshold_signal(pupil(), absences)


@pytest.fixture
def lead(coordinator: User, org_a: Organisation) -> User:
    """A coordinator sees every young person of the team, so can signal any of them."""
    return acting(coordinator, org_a, "coordinator")


def test_the_threshold_signal_waits_new_and_unassigned(signal: Signal) -> None:
    assert signal.status == SignalStatus.NEW
    assert signal.assigned_to is None
    assert signal.half_days == 9


def test_acknowledging_records_who_and_when_and_is_audited(signal: Signal, worker: User) -> None:
    signalling.signal_acknowledge(actor=worker, signal=signal)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.ACKNOWLEDGED
    assert signal.acknowledged_by == worker
    assert signal.acknowledged_at is not None
    assert AuditEvent.objects.filter(action="schooling.signal.acknowledged").count() == 1


def test_acknowledging_twice_is_refused_in_french_terms(signal: Signal, worker: User) -> None:
    signalling.signal_acknowledge(actor=worker, signal=signal)
    with pytest.raises(ValidationError, match="déjà été pris en compte"):
        signalling.signal_acknowledge(actor=worker, signal=signal)


def test_assigning_to_a_worker_of_the_team_acknowledges_a_new_signal(
    signal: Signal, worker: User, coordinator: User
) -> None:
    signalling.signal_assign(actor=worker, signal=signal, worker=coordinator)
    signal.refresh_from_db()
    assert signal.assigned_to == coordinator
    assert signal.status == SignalStatus.ACKNOWLEDGED
    event = AuditEvent.objects.get(action="schooling.signal.assigned")
    assert event.changes == {"assigned_to": coordinator.pk}


def test_only_workers_who_work_with_young_people_can_be_assigned(
    signal: Signal, worker: User, owner: User, outsider: User
) -> None:
    for refused in (owner, outsider):
        with pytest.raises(ValidationError) as caught:
            signalling.signal_assign(actor=worker, signal=signal, worker=refused)
        assert "worker" in caught.value.error_dict
    signal.refresh_from_db()
    assert signal.assigned_to is None


def test_closing_needs_a_reason_and_keeps_it_out_of_the_audit_log(
    signal: Signal, worker: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        signalling.signal_close(actor=worker, signal=signal, reason="   ")
    assert "reason" in caught.value.error_dict
    signalling.signal_close(actor=worker, signal=signal, reason="Suivi par le PMS")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED
    assert signal.closed_on == timezone.localdate()
    assert signal.close_reason == "Suivi par le PMS"
    event = AuditEvent.objects.get(action="schooling.signal.closed")
    assert "Suivi" not in str(event.changes)


def test_a_closed_signal_refuses_every_further_action(
    signal: Signal, worker: User, coordinator: User
) -> None:
    signalling.signal_close(actor=worker, signal=signal, reason="Doublon")
    for action in (
        lambda: signalling.signal_acknowledge(actor=worker, signal=signal),
        lambda: signalling.signal_assign(actor=worker, signal=signal, worker=coordinator),
        lambda: signalling.signal_close(actor=worker, signal=signal, reason="Encore"),
        lambda: _follow_up(worker, signal),
    ):
        with pytest.raises(ValidationError, match="clôturé"):
            action()


def _follow_up(actor: User, signal: Signal, **overrides: Any) -> FollowUp:
    values: dict[str, Any] = {
        "agreed": True,
        "agreed_on": timezone.localdate(),
        "themes": ["schooling"],
        "workers": [actor],
    }
    values.update(overrides)
    return signalling.signal_follow_up(actor=actor, signal=signal, **values)


def test_turning_into_a_follow_up_records_the_request_and_links_the_follow_up(
    signal: Signal, worker: User
) -> None:
    agreed_on = timezone.localdate() - timedelta(days=2)
    followup = _follow_up(worker, signal, agreed_on=agreed_on, themes=["schooling", "family"])
    signal.refresh_from_db()
    assert signal.status == SignalStatus.FOLLOWED_UP
    assert signal.followup == followup
    assert followup.person_id == signal.person_id
    assert list(followup.workers.all()) == [worker]
    request = followup.request
    assert request.received_on == agreed_on
    assert request.requester == Requester.SCHOOL
    assert sorted(request.themes.values_list("theme", flat=True)) == ["family", "schooling"]
    assert AuditEvent.objects.filter(action="schooling.signal.followed_up").count() == 1


def test_a_follow_up_needs_the_young_persons_agreement_and_its_date(
    signal: Signal, worker: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        _follow_up(worker, signal, agreed=False, agreed_on=None, themes=[], workers=[])
    assert set(caught.value.error_dict) == {"agreed", "agreed_on", "themes", "workers"}
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        _follow_up(worker, signal, agreed_on=tomorrow)
    assert "agreed_on" in caught.value.error_dict
    assert not Request.objects.exists()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_a_refused_follow_up_leaves_nothing_half_written(
    signal: Signal, worker: User, owner: User
) -> None:
    # The request is valid; the follow-up is refused (an administrator cannot be assigned).
    with pytest.raises(ValidationError) as caught:
        _follow_up(worker, signal, workers=[owner])
    assert "workers" in caught.value.error_dict
    assert not Request.objects.exists()
    assert not FollowUp.objects.exists()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW and signal.followup is None


def test_a_converted_signal_refuses_a_second_follow_up(signal: Signal, worker: User) -> None:
    _follow_up(worker, signal)
    with pytest.raises(ValidationError, match="déjà devenu un accompagnement"):
        _follow_up(worker, signal)
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize(
    ("source", "requester"),
    [
        (SignalSource.SCHOOL, Requester.SCHOOL),
        (SignalSource.CPMS, Requester.CPMS),
        (SignalSource.FAMILY, Requester.PARENT),
        (SignalSource.OTHER, Requester.OTHER),
    ],
)
def test_the_request_says_who_signalled(
    pupil: Callable[..., Enrolment],
    lead: User,
    org_a: Organisation,
    source: str,
    requester: str,
) -> None:
    person = pupil().person
    signal = signalling.signal_create(
        actor=lead, organisation=org_a, person=person, source=source, raised_on=date(2026, 3, 2)
    )
    assert _follow_up(lead, signal).request.requester == requester


def test_a_worker_of_another_team_cannot_act(signal: Signal, make_user: Any, org_b: Any) -> None:
    stranger = acting(make_user("w@b.example", (org_b, "field_worker")), org_b, "field_worker")
    with pytest.raises(PermissionDenied):
        signalling.signal_acknowledge(actor=stranger, signal=signal)


def test_a_signal_entered_by_hand_is_new_with_encrypted_details(
    pupil: Callable[..., Enrolment], school: School, lead: User, org_a: Organisation
) -> None:
    person = pupil().person
    signal = signalling.signal_create(
        actor=lead,
        organisation=org_a,
        person=person,
        source=SignalSource.FAMILY,
        raised_on=date(2026, 3, 2),
        school=school,
        details="  La mère s'inquiète.  ",
    )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW
    assert signal.details == "La mère s'inquiète."
    assert signal.school_year is not None and signal.school_year.label == "2025-2026"
    assert signal.created_by == lead
    event = AuditEvent.objects.get(action="schooling.signal.created")
    assert "inquiète" not in str(event.changes)
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM schooling_signal WHERE id = %s", [signal.pk])
        assert "inquiète" not in cursor.fetchone()[0]


def test_a_field_worker_signals_only_the_young_people_they_see(
    pupil: Callable[..., Enrolment], worker: User, org_a: Organisation
) -> None:
    with pytest.raises(ValidationError) as caught:
        signalling.signal_create(
            actor=worker,
            organisation=org_a,
            person=pupil().person,
            source=SignalSource.SCHOOL,
            raised_on=date(2026, 3, 2),
        )
    assert "person" in caught.value.error_dict


def test_a_signal_by_hand_refuses_bad_input(
    pupil: Callable[..., Enrolment], worker: User, org_a: Organisation, org_b: Organisation
) -> None:
    stranger = Person.objects.create(organisation=org_b, first_name="Zoé", last_name="Autre")
    with pytest.raises(ValidationError) as caught:
        signalling.signal_create(
            actor=worker,
            organisation=org_a,
            person=stranger,
            source=SignalSource.THRESHOLD,
            raised_on=timezone.localdate() + timedelta(days=1),
        )
    assert set(caught.value.error_dict) == {"person", "source", "raised_on"}
    assert not Signal.objects.exists()
