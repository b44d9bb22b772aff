"""The demo's school-dropout project: three schools of the directory with their FWB numbers,
the project's pupils enrolled there for the school year under way, and the year's absences so
far, so the thresholds have something to count.

Most pupils miss a few half-days; a handful of minors cross the 9 unjustified half-days of
the duty to signal; exactly one pupil of the 3rd degree crosses 20 (loss of regular-pupil
status). The signals are then raised by the real recompute. Everything is invented (Faker
fr_BE), reproducible from the seed and written in bulk: a fixed number of queries whatever
the scale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from faker import Faker

from maillage.core.models import Commune, Membership, Organisation, OrganisationKind
from maillage.core.roles import Role
from maillage.demo.accounts import DROPOUT
from maillage.demo.holidays import fwb_holidays, public_holidays
from maillage.people.models import Gender, Person
from maillage.schooling.models import (
    Absence,
    AbsenceStatus,
    Enrolment,
    HalfDay,
    School,
    SchoolYear,
)
from maillage.schooling.school_years import current_school_year, school_year_of
from maillage.schooling.thresholds import thresholds_recompute

SCHOOLS = 3
SCHOOL_COMMUNES = ("Anderlecht", "Molenbeek-Saint-Jean", "Anderlecht")
# Fewer school days than this in the year under way (its first weeks, or the summer): the
# demo shows the last full school year instead, so the thresholds can be reached.
MIN_SCHOOL_DAYS = 20
SIGNALLED = (9, 16)  # a minor crossing the duty to signal, below the loss of status
LOST_STATUS = (21, 26)  # the one pupil of the 3rd degree beyond 20
JUSTIFIED_REASONS = ("Certificat médical", "Motif familial", "Rendez-vous médical")
CLASS_LETTERS = "ABC"


@dataclass
class _Pupil:
    person: Person
    school: School
    grade: int
    unjustified: int
    enrolment: Enrolment | None = None


def build_schooling(*, fake: Faker, rng: random.Random, scale: float) -> int:
    """Give the dropout project its schools, pupils and absences; returns the pupils."""
    dropout = Organisation.objects.filter(slug=DROPOUT).first()
    if dropout is None:
        return 0
    today = timezone.localdate()
    year, days = _year_with_days(today)
    schools = _schools(fake, rng)
    workers = list(
        Membership.objects.filter(
            organisation=dropout, role__in=[Role.FIELD_WORKER, Role.COORDINATOR], is_active=True
        )
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    communes = list(Commune.objects.filter(name__in=(*SCHOOL_COMMUNES, "Forest", "Bruxelles")))
    pupils = _pupils(fake, rng, scale, dropout, schools, year, workers, communes)
    _enrol(pupils, dropout, year)
    _absences(rng, pupils, dropout, year, days)
    thresholds_recompute(organisation_id=dropout.pk, school_year_ids=[year.pk])
    return len(pupils)


def _year_with_days(today: date) -> tuple[SchoolYear, list[date]]:
    year = current_school_year(today)
    days = _school_days(year, today)
    if len(days) < MIN_SCHOOL_DAYS:
        year = school_year_of(year.starts_on.year - 1)
        days = _school_days(year, today)
    return year, days


def _school_days(year: SchoolYear, today: date) -> list[date]:
    """The weekdays of `year` until yesterday, holidays left out."""
    start_year = year.starts_on.year
    off = public_holidays(start_year) | public_holidays(start_year + 1)
    holidays = fwb_holidays(start_year)
    days, day = [], year.starts_on
    last = min(year.ends_on, today - timedelta(days=1))
    while day <= last:
        if (
            day.weekday() < 5
            and day not in off
            and not any(first <= day <= end for _name, first, end in holidays)
        ):
            days.append(day)
        day += timedelta(days=1)
    return days


def _schools(fake: Faker, rng: random.Random) -> list[School]:
    """The demo's schools of the directory (and its CPMS) get their FWB number; the missing
    schools are created with invented names."""
    taken = set(School.objects.values_list("fwb_number", flat=True))

    def number() -> str:
        while (candidate := str(rng.randint(1000, 99999))) in taken:
            pass
        taken.add(candidate)
        return candidate

    without = Organisation.objects.filter(school__isnull=True, is_active=True).order_by("pk")
    found = list(without.filter(kind=OrganisationKind.SCHOOL)[:SCHOOLS])
    communes = {c.name: c for c in Commune.objects.filter(name__in=SCHOOL_COMMUNES)}
    for index in range(len(found), SCHOOLS):
        name = f"Athénée {fake.last_name()}"
        found.append(
            Organisation.objects.create(
                name=name,
                slug=f"demo-ecole-{index}-{rng.randint(1000, 9999)}",
                kind=OrganisationKind.SCHOOL,
                commune=communes[SCHOOL_COMMUNES[index]],
                street=fake.street_address(),
            )
        )
    schools = [School(organisation=org, fwb_number=number()) for org in found]
    cpms = without.filter(kind=OrganisationKind.CPMS).first()
    extra = [School(organisation=cpms, fwb_number=number())] if cpms else []
    School.objects.bulk_create(schools + extra)
    return schools


def _pupils(
    fake: Faker,
    rng: random.Random,
    scale: float,
    dropout: Organisation,
    schools: list[School],
    year: SchoolYear,
    workers: list[int],
    communes: list[Commune],
) -> list[_Pupil]:
    pupils: list[_Pupil] = []
    for school in schools:
        for _ in range(max(10, round(rng.randint(20, 40) * min(scale, 1.0)))):
            grade = rng.randint(1, 7)
            # Age on 1 September: 12 in the 1st year, a year or two more for some repeaters.
            age = 11 + grade + rng.choice((0, 0, 0, 1, 2))
            gender = rng.choice([Gender.FEMALE, Gender.MALE])
            first = fake.first_name_female() if gender == Gender.FEMALE else fake.first_name_male()
            born = date(year.starts_on.year - age, 9, 1) - timedelta(days=rng.randint(0, 364))
            person = Person(
                organisation=dropout,
                first_name=first,
                last_name=fake.last_name(),
                birth_date=born,
                gender=gender,
                commune=rng.choice(communes) if communes else None,
                school=school.organisation.name,
                created_by_id=workers[len(pupils) % len(workers)] if workers else None,
            )
            person.refresh_keys()
            pupils.append(_Pupil(person, school, grade, rng.choice((0, 0, 1, 1, 2, 3, 4, 6))))
    _pick_the_absent(rng, pupils, year)
    Person.objects.bulk_create([p.person for p in pupils], batch_size=1000)
    return pupils


def _adult_during(person: Person, year: SchoolYear) -> bool:
    born = person.birth_date
    if born is None:
        return False
    # Counted in days from the first of the month: a birthday on 29 February has no twin.
    eighteen = date(born.year + 18, born.month, 1) + timedelta(days=born.day - 1)
    return eighteen <= year.ends_on


def _pick_the_absent(rng: random.Random, pupils: list[_Pupil], year: SchoolYear) -> None:
    """A handful of minors cross 9 unjustified half-days; one pupil of the 3rd degree
    crosses 20."""
    minors = [p for p in pupils if not _adult_during(p.person, year) and p.grade <= 4]
    handful = rng.sample(minors, k=min(len(minors), max(3, len(pupils) // 15)))
    for pupil in handful:
        pupil.unjustified = rng.randint(*SIGNALLED)
    rest = [p for p in pupils if p not in handful]
    lost = rng.choice(rest)
    lost.grade = rng.choice((5, 6))
    lost.unjustified = rng.randint(*LOST_STATUS)


def _enrol(pupils: list[_Pupil], dropout: Organisation, year: SchoolYear) -> None:
    rows = []
    for index, pupil in enumerate(pupils, start=1):
        rows.append(
            Enrolment(
                organisation=dropout,
                person=pupil.person,
                school=pupil.school,
                school_year=year,
                # Digits, as schools' exports carry them: the year, then a number.
                matricule=f"{year.starts_on.year % 100:02}{index:04}",
                grade=pupil.grade,
                class_name=f"{pupil.grade}{CLASS_LETTERS[index % len(CLASS_LETTERS)]}",
            )
        )
    Enrolment.objects.bulk_create(rows, batch_size=1000)
    for pupil, enrolment in zip(pupils, rows, strict=True):
        pupil.enrolment = enrolment


def _absences(
    rng: random.Random,
    pupils: list[_Pupil],
    dropout: Organisation,
    year: SchoolYear,
    days: list[date],
) -> None:
    slots = [(day, half) for day in days for half in (HalfDay.MORNING, HalfDay.AFTERNOON)]
    rows: list[Absence] = []
    for pupil in pupils:
        justified, late = rng.choice((0, 0, 1, 2, 4, 6)), rng.choice((0, 0, 0, 1, 2, 3))
        wanted = min(len(slots), pupil.unjustified + justified + late)
        chosen = rng.sample(slots, k=wanted)
        statuses = (
            [AbsenceStatus.UNJUSTIFIED] * pupil.unjustified
            + [AbsenceStatus.JUSTIFIED] * justified
            + [AbsenceStatus.LATE] * late
        )[:wanted]
        for (day, half), status in zip(chosen, statuses, strict=True):
            rows.append(
                Absence(
                    organisation=dropout,
                    enrolment=pupil.enrolment,
                    person=pupil.person,
                    school_year=year,
                    date=day,
                    half_day=half,
                    status=status,
                    reason=rng.choice(JUSTIFIED_REASONS)
                    if status == AbsenceStatus.JUSTIFIED
                    else None,
                )
            )
    Absence.objects.bulk_create(rows, batch_size=2000)
