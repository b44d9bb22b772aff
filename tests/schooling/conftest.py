"""Personas and objects of the schooling tests.

`member` (field worker), `coordinator` and `owner` (administrator) work in A, a dropout
team; `outsider` administers B. `school` is a school of the directory (FWB number 1234);
`year` is 2025-2026 (25 August 2025 to 3 July 2026). `pupil` makes a person enrolled in
`school` for `year`; `absences` records unjustified half-days for a pupil.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from maillage.core.models import Organisation, OrganisationKind, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.people.models import Person
from maillage.schooling.models import (
    Absence,
    AbsenceStatus,
    Enrolment,
    HalfDay,
    School,
    SchoolYear,
)
from maillage.schooling.school_years import school_year_of


def acting(user: User, organisation: Organisation, *roles: str) -> User:
    """Bind the user to an organisation as the middleware does for a request."""
    bind_organisation(user, organisation.pk, frozenset(roles))
    return user


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def worker(member: User, org_a: Organisation) -> User:
    """`member`, acting as a field worker of A (for services called without a request)."""
    return acting(member, org_a, "field_worker")


@pytest.fixture
def year(db: Any) -> SchoolYear:
    return school_year_of(2025)


@pytest.fixture
def make_school(make_org: Callable[..., Organisation]) -> Callable[..., School]:
    def make(name: str = "Athénée Exemple", number: str = "1234") -> School:
        return School.objects.create(
            organisation=make_org(name, OrganisationKind.SCHOOL), fwb_number=number
        )

    return make


@pytest.fixture
def school(make_school: Callable[..., School]) -> School:
    return make_school()


@pytest.fixture
def pupil(org_a: Organisation, school: School, year: SchoolYear) -> Callable[..., Enrolment]:
    """`pupil("Lina", birth_date=…, grade=3)`: a person of A enrolled in `school`."""

    def make(
        first_name: str = "Lina",
        last_name: str = "Exemple",
        *,
        birth_date: date = date(2011, 3, 14),
        grade: int | None = 1,
        matricule: str = "",
        organisation: Organisation | None = None,
    ) -> Enrolment:
        owner = organisation or org_a
        person = Person.objects.create(
            organisation=owner, first_name=first_name, last_name=last_name, birth_date=birth_date
        )
        return Enrolment.objects.create(
            organisation=owner,
            person=person,
            school=school,
            school_year=year,
            matricule=matricule or f"M{person.pk}",
            grade=grade,
        )

    return make


@pytest.fixture
def absences() -> Callable[..., list[Absence]]:
    """`absences(enrolment, 9)`: that many unjustified half-days, mornings then afternoons of
    school days from `start` (default 1 September 2025)."""

    def make(
        enrolment: Enrolment,
        count: int,
        *,
        start: date = date(2025, 9, 1),
        status: str = AbsenceStatus.UNJUSTIFIED,
    ) -> list[Absence]:
        rows: list[Absence] = []
        day = start
        while len(rows) < count:
            if day.weekday() < 5:
                for half in (HalfDay.MORNING, HalfDay.AFTERNOON):
                    if len(rows) < count:
                        rows.append(
                            Absence(
                                organisation_id=enrolment.organisation_id,
                                enrolment=enrolment,
                                person_id=enrolment.person_id,
                                school_year_id=enrolment.school_year_id,
                                date=day,
                                half_day=half,
                                status=status,
                            )
                        )
            day += timedelta(days=1)
        return Absence.objects.bulk_create(rows)

    return make
