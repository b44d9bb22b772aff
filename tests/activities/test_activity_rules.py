"""Activities and sessions: dates, ages, camps in the school holidays, weekly sessions."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from maillage.activities import services
from maillage.activities.models import ActivityKind, SchoolHoliday
from tests.activities.conftest import today

pytestmark = pytest.mark.django_db

SUMMER = (date(2027, 7, 3), date(2027, 8, 29))


@pytest.fixture
def holidays(db):
    SchoolHoliday.objects.create(name="Vacances d'été", starts_on=SUMMER[0], ends_on=SUMMER[1])
    SchoolHoliday.objects.create(
        name="Congé d'automne", starts_on=date(2027, 10, 18), ends_on=date(2027, 10, 29)
    )


def test_a_camp_during_the_summer_holidays_is_accepted(make_activity, holidays) -> None:
    camp = make_activity(
        kind=ActivityKind.CAMP, starts_on=date(2027, 7, 5), ends_on=date(2027, 7, 9)
    )
    assert camp.pk


def test_a_camp_during_school_weeks_is_refused_with_the_holidays_recorded(
    make_activity, holidays
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_activity(
            kind=ActivityKind.CAMP, starts_on=date(2027, 9, 13), ends_on=date(2027, 9, 17)
        )
    message = caught.value.message_dict["starts_on"][0]
    assert "18/10/2027" in message  # tells which holidays are recorded


def test_a_camp_needs_a_number_of_places(make_activity) -> None:
    with pytest.raises(ValidationError) as caught:
        make_activity(kind=ActivityKind.CAMP, places=None)
    assert "places" in caught.value.message_dict


def test_the_last_day_cannot_come_before_the_first(make_activity) -> None:
    with pytest.raises(ValidationError) as caught:
        make_activity(starts_on=today(), ends_on=today() - timedelta(days=1))
    assert "ends_on" in caught.value.message_dict


def test_the_age_range_must_be_in_order(make_activity) -> None:
    with pytest.raises(ValidationError) as caught:
        make_activity(age_min=12, age_max=8)
    assert "age_max" in caught.value.message_dict


def test_a_school_animation_names_its_school(make_activity) -> None:
    with pytest.raises(ValidationError) as caught:
        make_activity(kind=ActivityKind.SCHOOL_ANIMATION, school="")
    assert "school" in caught.value.message_dict


def test_a_session_outside_the_activity_dates_is_refused(camp, member) -> None:
    with pytest.raises(ValidationError) as caught:
        services.session_add(
            actor=member,
            activity=camp,
            date=camp.ends_on + timedelta(days=1),
            starts_at=time(9),
            ends_at=time(12),
        )
    assert "date" in caught.value.message_dict
    assert camp.sessions.count() == 1


def test_a_session_ends_after_it_starts(camp, member) -> None:
    with pytest.raises(ValidationError) as caught:
        services.session_add(
            actor=member, activity=camp, date=camp.starts_on, starts_at=time(12), ends_at=time(9)
        )
    assert "ends_at" in caught.value.message_dict


def test_two_sessions_cannot_start_at_the_same_time(camp, member, session) -> None:
    with pytest.raises(ValidationError):
        services.session_add(
            actor=member,
            activity=camp,
            date=session.date,
            starts_at=session.starts_at,
            ends_at=time(17),
        )


def test_weekly_sessions_skip_the_holidays_and_the_days_already_planned(
    make_activity, member, holidays
) -> None:
    workshop = make_activity(starts_on=date(2027, 9, 1), ends_on=date(2027, 11, 30))
    services.session_add(
        actor=member, activity=workshop, date=date(2027, 9, 1), starts_at=time(14), ends_at=time(16)
    )
    created = services.sessions_generate(
        actor=member, activity=workshop, weekdays=[2], starts_at=time(14), ends_at=time(16)
    )
    days = [s.date for s in created]
    assert all(d.weekday() == 2 for d in days)
    assert date(2027, 9, 1) not in days  # already planned
    assert date(2027, 10, 20) not in days and date(2027, 10, 27) not in days  # autumn break
    assert len(days) == 13 - 1 - 2
    again = services.sessions_generate(
        actor=member, activity=workshop, weekdays=[2], starts_at=time(14), ends_at=time(16)
    )
    assert again == []


def test_weekly_sessions_need_a_day(camp, member) -> None:
    with pytest.raises(ValidationError) as caught:
        services.sessions_generate(
            actor=member, activity=camp, weekdays=[], starts_at=time(9), ends_at=time(12)
        )
    assert "weekdays" in caught.value.message_dict


def test_dates_cannot_move_away_from_planned_sessions(camp, member, session) -> None:
    with pytest.raises(ValidationError) as caught:
        services.activity_update(
            actor=member,
            activity=camp,
            starts_on=camp.starts_on + timedelta(days=1),
            ends_on=camp.ends_on + timedelta(days=1),
        )
    assert "starts_on" in caught.value.message_dict


def test_a_session_with_attendance_is_kept(registration, session, member) -> None:
    services.attendance_record(
        actor=member, session=session, registration=registration, present=True
    )
    with pytest.raises(ValidationError):
        services.session_remove(actor=member, session=session)


def test_attendance_is_not_taken_before_the_day(camp, registration, member) -> None:
    later = services.session_add(
        actor=member,
        activity=camp,
        date=camp.starts_on + timedelta(days=1),
        starts_at=time(9),
        ends_at=time(12),
    )
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=member, session=later, registration=registration, present=True
        )


def test_payment_by_structured_communication(registration, member) -> None:
    paid = services.payment_record_by_reference(
        actor=member, reference=registration.payment_reference
    )
    assert paid.pk == registration.pk
    registration.refresh_from_db()
    assert registration.payment_status == "paid"
    assert registration.paid_on == today()


def test_a_communication_with_wrong_check_digits_marks_nothing_paid(registration, member) -> None:
    wrong = registration.payment_reference[:-5] + "00+++"
    with pytest.raises(ValidationError) as caught:
        services.payment_record_by_reference(actor=member, reference=wrong)
    assert "reference" in caught.value.message_dict
    registration.refresh_from_db()
    assert registration.payment_status == "due"


def test_a_communication_of_another_organisation_is_not_found(
    registration, outside_worker, org_b
) -> None:
    from maillage.core.roles import Role
    from tests.activities.conftest import acting

    with pytest.raises(ValidationError):
        services.payment_record_by_reference(
            actor=acting(outside_worker, org_b, Role.FIELD_WORKER),
            reference=registration.payment_reference,
        )
    registration.refresh_from_db()
    assert registration.payment_status == "due"
