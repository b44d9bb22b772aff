"""The diagnosis's figures: counted in its zone and period only, through the statistics
layer, small cells suppressed, each young person once."""

from __future__ import annotations

from datetime import date, time

import pytest

from maillage.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Registration,
    RegistrationStatus,
    Session,
)
from maillage.casework.models import AgeBand, FollowUp, Request, RequestTheme, Theme
from maillage.community.figures import age_band, diagnosis_figures
from maillage.people.models import Gender, Person


def anonymous_request(org, user, commune, theme, on=date(2025, 5, 1), **extra):
    request = Request.objects.create(
        organisation=org,
        received_on=on,
        requester="young_person",
        age_band=extra.pop("age_band", "15-17"),
        gender=extra.pop("gender", "F"),
        commune=commune,
        recorded_by=user,
    )
    RequestTheme.objects.create(request=request, theme=theme)
    return request


def by_label(figures, key):
    return next(f for f in figures if f.key == key).table.as_dict()


@pytest.fixture
def caseload(org_a, org_b, member, commune, forest):
    for _ in range(7):
        anonymous_request(org_a, member, commune, "schooling")
    for _ in range(2):
        anonymous_request(org_a, member, commune, "housing", gender="M")
    # Outside the zone, outside the period, another organisation: not counted.
    anonymous_request(org_a, member, forest, "housing")
    anonymous_request(org_a, member, commune, "housing", on=date(2023, 6, 1))
    anonymous_request(org_b, member, commune, "housing")
    # One identified young person, three requests: one young person.
    person = Person.objects.create(
        organisation=org_a,
        first_name="Yasmina",
        last_name="Zerouali",
        birth_date=date(2012, 2, 1),
        gender="F",
        commune=commune,
    )
    for month in (2, 3, 4):
        request = Request.objects.create(
            organisation=org_a,
            received_on=date(2025, month, 1),
            requester="young_person",
            person=person,
            recorded_by=member,
        )
        RequestTheme.objects.create(request=request, theme="family")
    FollowUp.objects.create(
        organisation=org_a, request=request, person=person, opened_on=date(2025, 4, 2)
    )
    return person


def test_requests_are_counted_by_theme_in_the_zone_and_period_only(diagnosis, caseload):
    individual, _collective = diagnosis_figures(diagnosis)
    requests = by_label(individual, "requests")
    assert requests[str(Theme.SCHOOLING.label)] == "7"
    assert requests[str(Theme.HOUSING.label)] == "<5"  # two requests, suppressed
    assert requests[str(Theme.FAMILY.label)] == "<5"  # three requests of one young person
    assert requests[str(Theme.HEALTH.label)] == "0"


def test_each_young_person_counts_once_by_gender_age_and_commune(diagnosis, caseload):
    individual, _collective = diagnosis_figures(diagnosis)
    genders = by_label(individual, "gender")
    # 7 anonymous girls and the identified girl (three requests): 8; two boys: suppressed,
    # and the girls' count masked too, or the total would give the boys away.
    assert genders[str(Gender.FEMALE.label)] == "×"
    assert genders[str(Gender.MALE.label)] == "<5"
    assert next(f for f in individual if f.key == "gender").table.total.value == 10
    bands = by_label(individual, "age")
    # The identified girl was 13 at her first request of the period.
    assert bands[str(AgeBand.AGE_12_14.label)] == "<5"
    assert bands[str(AgeBand.AGE_15_17.label)] == "×"
    assert by_label(individual, "commune") == {"Saint-Gilles": "10"}
    followups = by_label(individual, "followups")
    assert followups[str(Theme.FAMILY.label)] == "<5"


def test_age_band_is_read_from_the_birth_date_at_the_request():
    assert age_band(date(2012, 2, 1), date(2025, 3, 1)) == "12-14"
    assert age_band(date(2012, 2, 1), date(2027, 2, 1)) == "15-17"
    assert age_band(date(2000, 1, 1), date(2025, 1, 1)) == "22+"
    assert age_band(None, date(2025, 1, 1)) == ""


def test_collective_figures_count_activities_sessions_participants_and_presences(
    diagnosis, org_a, member, commune, forest
):
    workshop = Activity.objects.create(
        organisation=org_a,
        kind="workshop",
        title="Atelier",
        commune=commune,
        starts_on=date(2025, 1, 6),
        ends_on=date(2025, 6, 30),
    )
    Activity.objects.create(
        organisation=org_a,
        kind="workshop",
        title="Ailleurs",
        commune=forest,
        starts_on=date(2025, 1, 6),
        ends_on=date(2025, 6, 30),
    )
    sessions = [
        Session.objects.create(
            organisation=org_a,
            activity=workshop,
            date=date(2025, 2, day),
            starts_at=time(14),
            ends_at=time(16),
        )
        for day in (3, 10)
    ]
    for i in range(6):
        child = Person.objects.create(organisation=org_a, first_name=f"E{i}", last_name="X")
        registration = Registration.objects.create(
            organisation=org_a,
            activity=workshop,
            person=child,
            status=RegistrationStatus.CONFIRMED,
            source="worker",
        )
        for session in sessions:
            Attendance.objects.create(
                organisation=org_a, session=session, registration=registration, present=i < 5
            )
    _individual, collective = diagnosis_figures(diagnosis)
    assert by_label(collective, "activities")[str(ActivityKind.WORKSHOP.label)] == "<5"
    assert by_label(collective, "sessions")[str(ActivityKind.WORKSHOP.label)] == "<5"
    assert by_label(collective, "participants")[str(ActivityKind.WORKSHOP.label)] == "6"
    assert by_label(collective, "presences")[str(ActivityKind.WORKSHOP.label)] == "10"
