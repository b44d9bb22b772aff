"""A pupil's schooling file, made directly for the privacy tests: enrolment, absences and
their changes, a signal, statuses over time and an ESF+ participant record with its
results. Every free text is distinctive, so a scan of the database can look for it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from maillage.core.models import Organisation, OrganisationKind
from maillage.people.models import Person
from maillage.schooling.models import (
    Absence,
    AbsenceChange,
    EducationStatus,
    Enrolment,
    Participant,
    ParticipantResult,
    School,
    Signal,
)
from maillage.schooling.school_years import school_year_of

# What must not survive an erasure anywhere in the database.
MATRICULE = "MAT-ZX4821"
ABSENCE_REASON = "Consultation chez le Dr Vandenbroeck"
SIGNAL_DETAILS = "Signalée par Mme Kowalczyk, éducatrice"
SIGNAL_CLOSE_REASON = "Rescolarisée à l'Institut Quetelet"
STATUS_DETAIL = "Apprentie à la boulangerie Verhaegen"
DISTINCTIVE = (MATRICULE, ABSENCE_REASON, SIGNAL_DETAILS, SIGNAL_CLOSE_REASON, STATUS_DETAIL)


@dataclass
class SchoolFile:
    enrolment: Enrolment
    absences: list[Absence]
    signal: Signal
    statuses: list[EducationStatus]
    participant: Participant | None


def school_of(near: Organisation, number: str = "9876") -> School:
    existing = School.objects.filter(fwb_number=number).first()
    if existing:
        return existing
    org = Organisation.objects.create(
        name="Athénée Royal Exemple",
        slug=f"ecole-{number}",
        kind=OrganisationKind.SCHOOL,
        commune=near.commune,
    )
    return School.objects.create(organisation=org, fwb_number=number)


def school_file(
    person: Person,
    *,
    start_year: int = 2014,
    matricule: str = MATRICULE,
    exited: bool = True,
    esf: bool = True,
) -> SchoolFile:
    """`person` enrolled for the school year starting in `start_year`, with three absences
    (one corrected by a later import), a closed signal, two statuses and, unless `esf` is
    false, an ESF+ participant record (exited at the end of that school year unless
    `exited` is false) with its result at 4 weeks."""
    org = person.organisation
    year = school_year_of(start_year)
    school = school_of(org)
    enrolment = Enrolment.objects.create(
        organisation=org,
        person=person,
        school=school,
        school_year=year,
        matricule=matricule,
        grade=3,
        class_name="3B",
    )
    first = year.starts_on + timedelta(days=14)
    absences = [
        Absence.objects.create(
            organisation=org,
            enrolment=enrolment,
            person=person,
            school_year=year,
            date=first + timedelta(days=index),
            half_day="am",
            status=status,
            reason=reason,
        )
        for index, (status, reason) in enumerate(
            [("justified", ABSENCE_REASON), ("unjustified", None), ("unjustified", None)]
        )
    ]
    AbsenceChange.objects.create(
        organisation=org,
        enrolment=enrolment,
        date=first,
        half_day="am",
        old_status="unjustified",
        new_status="justified",
    )
    signal = Signal.objects.create(
        organisation=org,
        person=person,
        source="school",
        school=school,
        school_year=year,
        raised_on=first + timedelta(days=30),
        details=SIGNAL_DETAILS,
        status="closed",
        closed_on=first + timedelta(days=60),
        close_reason=SIGNAL_CLOSE_REASON,
    )
    statuses = [
        EducationStatus.objects.create(
            organisation=org, person=person, kind="school", starts_on=year.starts_on, school=school
        ),
        EducationStatus.objects.create(
            organisation=org,
            person=person,
            kind="training",
            starts_on=year.ends_on - timedelta(days=20),
            detail=STATUS_DETAIL,
        ),
    ]
    if not esf:
        return SchoolFile(enrolment, absences, signal, statuses, None)
    participant = Participant.objects.create(
        organisation=org,
        person=person,
        entered_on=year.starts_on,
        gender="woman",
        age_band="under_18",
        labour_status="inactive_education",
        isced="0-2",
        sensitive_consent_on=year.starts_on,
        sensitive_items=json.dumps({"foreign_background": "yes"}),
        exited_on=year.ends_on if exited else None,
    )
    if exited:
        ParticipantResult.objects.create(
            organisation=org,
            participant=participant,
            exit_on=year.ends_on,
            moment="4_weeks",
            recorded_on=year.ends_on + timedelta(weeks=4),
            in_education_or_training=True,
        )
    return SchoolFile(enrolment, absences, signal, statuses, participant)


def school_rows(person: Person) -> dict[str, int]:
    """How many rows of each schooling table are about `person`."""
    return {
        "enrolments": Enrolment.objects.filter(person=person).count(),
        "absences": Absence.objects.filter(person=person).count(),
        "absence_changes": AbsenceChange.objects.filter(enrolment__person=person).count(),
        "signals": Signal.objects.filter(person=person).count(),
        "statuses": EducationStatus.objects.filter(person=person).count(),
        "participants": Participant.objects.filter(person=person).count(),
        "results": ParticipantResult.objects.filter(participant__person=person).count(),
    }


def recent_start_year(today: date) -> int:
    """The latest school year already over, or nearly, on `today`."""
    return today.year - 1 if today.month >= 8 else today.year - 2
