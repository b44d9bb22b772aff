"""Rows for the indicator tests, built straight in the database (no services: the indicators
read what is stored, and each test states by hand what it expects). No test here: the other
test_indicators_* modules import `Build` and the `build` fixture."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest

from maillage.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    Session,
)
from maillage.casework.models import (
    Consent,
    ConsentScope,
    FollowUp,
    Intervention,
    InterventionKind,
    Referral,
    Request,
    Requester,
    RequestTheme,
    Status,
)
from maillage.core.models import Commune, Organisation, User
from maillage.people.models import Person
from maillage.programmes.indicators import Period, Scope
from maillage.schooling.models import (
    AgeBand,
    EsfGender,
    Isced,
    LabourStatus,
    Participant,
    ParticipantResult,
    ResultMoment,
    Signal,
    SignalSource,
)

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
BEFORE = date(2024, 12, 31)
AFTER = date(2026, 1, 1)
INSIDE = date(2025, 6, 15)


def scope_of(*organisations: Organisation) -> Scope:
    return Scope(tuple(o.pk for o in organisations))


class Build:
    """Builders of the rows the indicators count, all recorded by one worker."""

    def __init__(self, worker: User, commune: Commune) -> None:
        self.worker = worker
        self.commune = commune
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def person(
        self,
        org: Organisation,
        *,
        gender: str = "F",
        born: date | None = date(2010, 3, 1),
        commune: Commune | None = None,
    ) -> Person:
        n = self._next()
        return Person.objects.create(
            organisation=org,
            first_name=f"Prénom{n}",
            last_name=f"Nom{n}",
            gender=gender,
            birth_date=born,
            commune=commune or self.commune,
        )

    def request(
        self,
        org: Organisation,
        *,
        person: Person | None = None,
        on: date = INSIDE,
        requester: str = Requester.YOUNG_PERSON,
        themes: tuple[str, ...] = (),
        **anonymous: Any,
    ) -> Request:
        request = Request.objects.create(
            organisation=org,
            person=person,
            received_on=on,
            requester=requester,
            recorded_by=self.worker,
            **anonymous,
        )
        RequestTheme.objects.bulk_create(RequestTheme(request=request, theme=t) for t in themes)
        return request

    def followup(
        self,
        request: Request,
        *,
        opened: date = INSIDE,
        closed: date | None = None,
        outcome: str = "",
    ) -> FollowUp:
        return FollowUp.objects.create(
            organisation_id=request.organisation_id,
            request=request,
            person=request.person,
            opened_on=opened,
            closed_on=closed,
            status=Status.CLOSED if closed else Status.OPEN,
            outcome=outcome,
        )

    def intervention(
        self,
        followup: FollowUp,
        *,
        on: date = INSIDE,
        minutes: int = 60,
        kind: str = InterventionKind.LISTENING,
    ) -> Intervention:
        return Intervention.objects.create(
            organisation_id=followup.organisation_id,
            followup=followup,
            date=on,
            duration_minutes=minutes,
            kind=kind,
            author=self.worker,
        )

    def referral(self, followup: FollowUp, to: Organisation, *, on: date = INSIDE) -> Referral:
        consent = Consent.objects.create(
            organisation_id=followup.organisation_id,
            followup=followup,
            shared_with=to,
            scope=ConsentScope.EXISTENCE,
            given_on=on,
            recorded_by=self.worker,
        )
        return Referral.objects.create(
            organisation_id=followup.organisation_id,
            followup=followup,
            to_organisation=to,
            consent=consent,
            sent_on=on,
            created_by=self.worker,
        )

    def activity(
        self,
        org: Organisation,
        *,
        kind: str = ActivityKind.WORKSHOP,
        starts: date = date(2025, 2, 1),
        ends: date = date(2025, 6, 30),
        commune: Commune | None = None,
    ) -> Activity:
        return Activity.objects.create(
            organisation=org,
            kind=kind,
            title=f"Activité {self._next()}",
            commune=commune or self.commune,
            starts_on=starts,
            ends_on=ends,
        )

    def session(
        self,
        activity: Activity,
        *,
        on: date = INSIDE,
        starts: time = time(14, 0),
        ends: time = time(16, 0),
        headcount: int | None = None,
    ) -> Session:
        return Session.objects.create(
            organisation_id=activity.organisation_id,
            activity=activity,
            date=on,
            starts_at=starts,
            ends_at=ends,
            headcount=headcount,
        )

    def registration(self, activity: Activity, person: Person) -> Registration:
        return Registration.objects.create(
            organisation_id=activity.organisation_id,
            activity=activity,
            person=person,
            status=RegistrationStatus.CONFIRMED,
            source=RegistrationSource.WORKER,
        )

    def attend(self, session: Session, registration: Registration, present: bool = True) -> None:
        Attendance.objects.create(
            organisation_id=session.organisation_id,
            session=session,
            registration=registration,
            present=present,
        )

    def signal(
        self,
        org: Organisation,
        person: Person,
        *,
        on: date = INSIDE,
        source: str = SignalSource.SCHOOL,
        **extra: Any,
    ) -> Signal:
        return Signal.objects.create(
            organisation=org, person=person, source=source, raised_on=on, **extra
        )

    def participant(
        self,
        org: Organisation,
        person: Person,
        *,
        entered: date = INSIDE,
        gender: str = EsfGender.WOMAN,
        age_band: str = AgeBand.UNDER_18,
        labour_status: str = LabourStatus.NEET,
        isced: str = Isced.ISCED_0_2,
        **extra: Any,
    ) -> Participant:
        return Participant.objects.create(
            organisation=org,
            person=person,
            entered_on=entered,
            gender=gender,
            age_band=age_band,
            labour_status=labour_status,
            isced=isced,
            **extra,
        )

    def result(
        self,
        participant: Participant,
        *,
        exit_on: date,
        moment: str = ResultMoment.EXIT,
        **flags: bool,
    ) -> ParticipantResult:
        return ParticipantResult.objects.create(
            organisation_id=participant.organisation_id,
            participant=participant,
            exit_on=exit_on,
            moment=moment,
            recorded_on=exit_on,
            **flags,
        )

    def training_day(self, training: Any, on: date, hours: str) -> None:
        from maillage.network.models import TrainingDay

        TrainingDay.objects.create(
            organisation_id=training.organisation_id,
            training=training,
            date=on,
            hours=Decimal(hours),
        )


@pytest.fixture(name="build")
def build_fixture(make_user: Any, org_a: Organisation, commune: Commune) -> Build:
    from maillage.core.roles import Role

    worker = make_user("worker@a.example", (org_a, Role.FIELD_WORKER))
    return Build(worker, commune)
