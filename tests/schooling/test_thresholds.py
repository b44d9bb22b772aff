"""The threshold rules at their boundaries: 8 and 9 half-days for a minor, 19 and 20 for a
pupil of age or of the 2nd or 3rd degree, a pupil turning 18 during the year, and a
recompute that raises each signal once."""

from __future__ import annotations

from datetime import date

import pytest

from maillage.schooling.models import AbsenceStatus, Signal, SignalSource, ThresholdRule
from maillage.schooling.thresholds import thresholds_recompute

pytestmark = pytest.mark.django_db

MINOR = date(2011, 3, 14)
ADULT = date(2006, 1, 10)


def _signals(enrolment) -> list[int]:
    return sorted(
        Signal.objects.filter(person_id=enrolment.person_id).values_list("half_days", flat=True)
    )


def test_a_minor_at_8_unjustified_half_days_raises_no_signal(org_a, pupil, absences):
    enrolment = pupil(birth_date=MINOR)
    absences(enrolment, 8)
    assert thresholds_recompute(organisation_id=org_a.pk) == 0
    assert _signals(enrolment) == []


def test_a_minor_at_9_unjustified_half_days_raises_the_duty_to_signal(org_a, pupil, absences):
    enrolment = pupil(birth_date=MINOR)
    made = absences(enrolment, 9)
    assert thresholds_recompute(organisation_id=org_a.pk) == 1
    signal = Signal.objects.get(person_id=enrolment.person_id)
    assert (signal.source, signal.half_days, signal.school_id) == (
        SignalSource.THRESHOLD,
        9,
        enrolment.school_id,
    )
    # Raised on the day of the ninth unjustified half-day.
    assert signal.raised_on == made[-1].date


def test_justified_and_late_half_days_do_not_count(org_a, pupil, absences):
    enrolment = pupil(birth_date=MINOR)
    absences(enrolment, 8)
    absences(enrolment, 4, start=date(2025, 10, 6), status=AbsenceStatus.JUSTIFIED)
    absences(enrolment, 4, start=date(2025, 10, 13), status=AbsenceStatus.LATE)
    assert thresholds_recompute(organisation_id=org_a.pk) == 0


def test_a_first_degree_minor_at_20_gets_only_the_signal_of_9(org_a, pupil, absences):
    enrolment = pupil(birth_date=MINOR, grade=2)
    absences(enrolment, 25)
    thresholds_recompute(organisation_id=org_a.pk)
    assert _signals(enrolment) == [9]


def test_a_second_degree_minor_at_19_and_20(org_a, pupil, absences):
    at_19 = pupil("Ana", birth_date=MINOR, grade=3)
    at_20 = pupil("Bea", birth_date=MINOR, grade=4)
    absences(at_19, 19)
    absences(at_20, 20)
    thresholds_recompute(organisation_id=org_a.pk)
    assert _signals(at_19) == [9]
    assert _signals(at_20) == [9, 20]


def test_a_pupil_of_age_raises_only_the_rule_of_20(org_a, pupil, absences):
    at_19 = pupil("Carl", birth_date=ADULT, grade=1)
    at_20 = pupil("Dan", birth_date=ADULT, grade=1)
    absences(at_19, 19)
    absences(at_20, 20)
    thresholds_recompute(organisation_id=org_a.pk)
    assert _signals(at_19) == []
    assert _signals(at_20) == [20]


def test_age_is_taken_on_the_day_of_the_absence_that_reaches_the_threshold(org_a, pupil, absences):
    # Turns 18 on 1 October 2025. A first-degree pupil: only age decides.
    minor_then = pupil("Eva", birth_date=date(2007, 10, 1), grade=1)
    # Ninth half-day on 5 September 2025: still a minor that day.
    absences(minor_then, 9, start=date(2025, 9, 1))
    adult_then = pupil("Fred", birth_date=date(2007, 10, 1), grade=1)
    # Ninth half-day on 6 October: of age that day, so no duty to signal a minor.
    absences(adult_then, 9, start=date(2025, 10, 2))
    # And 20 half-days reached after the birthday: the rule for pupils of age applies.
    late = pupil("Gil", birth_date=date(2007, 10, 1), grade=1)
    absences(late, 8, start=date(2025, 9, 1))
    absences(late, 12, start=date(2025, 10, 6))
    thresholds_recompute(organisation_id=org_a.pk)
    assert _signals(minor_then) == [9]
    assert _signals(adult_then) == []
    assert _signals(late) == [20]


def test_the_recompute_raises_each_signal_once(org_a, pupil, absences):
    enrolment = pupil(birth_date=MINOR, grade=3)
    absences(enrolment, 22)
    assert thresholds_recompute(organisation_id=org_a.pk) == 2
    assert thresholds_recompute(organisation_id=org_a.pk) == 0
    assert _signals(enrolment) == [9, 20]


def test_the_rules_are_data_an_administrator_changes(org_a, pupil, absences):
    enrolment = pupil(birth_date=MINOR)
    absences(enrolment, 7)
    thresholds_recompute(organisation_id=org_a.pk)
    ThresholdRule.objects.filter(organisation=org_a, half_days=9).update(half_days=7)
    assert thresholds_recompute(organisation_id=org_a.pk) == 1
    assert _signals(enrolment) == [7]


def test_another_organisations_absences_raise_nothing_here(org_a, org_b, pupil, absences):
    theirs = pupil(birth_date=MINOR, organisation=org_b)
    absences(theirs, 12)
    assert thresholds_recompute(organisation_id=org_a.pk) == 0
    assert thresholds_recompute(organisation_id=org_b.pk) == 1


def test_a_rule_switched_off_raises_nothing(org_a, pupil, absences):
    enrolment = pupil(birth_date=MINOR, grade=3)
    absences(enrolment, 20)
    thresholds_recompute(organisation_id=org_a.pk)  # creates the decree's rules
    Signal.objects.all().delete()
    ThresholdRule.objects.filter(organisation=org_a, half_days=9).update(is_active=False)
    assert thresholds_recompute(organisation_id=org_a.pk) == 1
    assert _signals(enrolment) == [20]


def test_the_sectors_recompute_raises_what_each_organisation_would(
    org_a, org_b, make_org, pupil, absences
):
    ours = pupil("Ana", birth_date=MINOR, grade=3)
    absences(ours, 22)
    theirs = pupil("Carl", birth_date=ADULT, grade=1, organisation=org_b)
    absences(theirs, 20)
    idle = make_org("AMO sans élèves")
    # Every organisation with pupils gets the decree's rules, and its own signals.
    assert thresholds_recompute(organisation_id=None) == 3
    assert _signals(ours) == [9, 20]
    assert _signals(theirs) == [20]
    assert set(Signal.objects.values_list("organisation_id", "rule__organisation_id")) == {
        (org_a.pk, org_a.pk),
        (org_b.pk, org_b.pk),
    }
    assert not ThresholdRule.objects.filter(organisation=idle).exists()
    # One organisation's recompute after the sector's finds nothing new, and the reverse.
    assert thresholds_recompute(organisation_id=org_a.pk) == 0
    assert thresholds_recompute(organisation_id=None) == 0


def test_the_sectors_recompute_in_one_school_year(org_a, pupil, absences, year):
    enrolment = pupil(birth_date=MINOR)
    absences(enrolment, 9)
    assert thresholds_recompute(organisation_id=None, school_year_ids=[]) == 0
    assert thresholds_recompute(organisation_id=None, school_year_ids=[year.pk + 1]) == 0
    assert thresholds_recompute(organisation_id=None, school_year_ids=[year.pk]) == 1
