"""Each indicator makes the same number of queries for 1 row of every kind as for 20."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.activities.models import ActivityKind
from maillage.casework.models import Theme
from maillage.community.models import (
    ConsultationMethod,
    Observation,
    ObservationSource,
    Project,
    ProjectKind,
    YouthConsultation,
)
from maillage.community.models import Theme as CommunityTheme
from maillage.concertation.models import ActionItem, ActionStatus, Meeting, Member, Platform
from maillage.core.models import Organisation
from maillage.network.models import Training
from maillage.programmes.catalogue import CATALOGUE
from maillage.programmes.indicators import compute
from maillage.schooling.models import ResultMoment, SignalStatus
from tests.programmes.test_indicators_builders import (
    INSIDE,
    YEAR,
    Build,
    build_fixture,  # noqa: F401  (the `build` fixture)
    scope_of,
)


def populate(build: Build, org: Organisation, other: Organisation, how_many: int) -> None:
    """`how_many` rows of every kind an indicator reads, all in the period."""
    platform = Platform.objects.create(organisation=org, name="Plateforme")
    owner = Member.objects.create(organisation=org, platform=platform, name="Membre")
    animation = build.activity(org, kind=ActivityKind.SCHOOL_ANIMATION)
    trainee = build.worker
    for i in range(how_many):
        day = INSIDE + timedelta(days=i)
        young = build.person(org, born=date(2000 + i % 15, 1, 1))
        request = build.request(org, person=young, on=day, themes=(Theme.FAMILY,))
        followup = build.followup(request, opened=day, closed=day, outcome="goal_reached")
        build.intervention(followup, on=day, minutes=30 + i)
        build.referral(followup, other, on=day)
        workshop = build.activity(org)
        session = build.session(workshop, on=day, starts=time(8 + i % 10), ends=time(19))
        build.attend(session, build.registration(workshop, young))
        build.session(animation, on=day, headcount=10 + i)
        build.signal(org, young, on=day, status=SignalStatus.CLOSED, closed_on=day)
        participant = build.participant(org, young, entered=day, exited_on=day)
        for moment in ResultMoment.values:
            build.result(participant, exit_on=day, moment=moment, employed=True)
        build.request(org, on=day, gender="F", age_band="12-14")
        Project.objects.create(
            organisation=org,
            kind=ProjectKind.COMMUNITY,
            title="P",
            objectives="-",
            target_group="-",
            theme=CommunityTheme.HOUSING,
            starts_on=day,
        )
        Observation.objects.create(
            organisation=org,
            date=day,
            commune=build.commune,
            theme=CommunityTheme.HOUSING,
            source=ObservationSource.WORKER,
            text="Constat",
        )
        YouthConsultation.objects.create(
            organisation=org,
            date=day,
            method=ConsultationMethod.SURVEY,
            commune=build.commune,
            place="Ici",
            participants=5 + i,
        )
        meeting = Meeting.objects.create(
            organisation=org,
            platform=platform,
            title="R",
            date=day,
            starts_at=time(9),
            ends_at=time(10),
            place="Salle",
        )
        ActionItem.objects.create(
            organisation=org,
            platform=platform,
            meeting=meeting,
            text="A",
            owner=owner,
            status=ActionStatus.DONE,
            closed_on=day,
        )
        training = Training.objects.create(organisation=org, title="F", trainer="T")
        training.participants.add(trainee)
        build.training_day(training, day, "2")


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_queries_do_not_grow_with_the_data(
    code: str,
    build: Build,
    org_a: Organisation,
    org_b: Organisation,
    django_assert_max_num_queries: Any,
) -> None:
    scope = scope_of(org_a)
    populate(build, org_a, org_b, 1)
    with CaptureQueriesContext(connection) as one_row:
        small = compute(code, scope, YEAR)
    populate(build, org_a, org_b, 19)

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        large = compute(code, scope, YEAR)

    assert large.total.value is None or large.total.value >= (small.total.value or 0)
    assert len(one_row.captured_queries) <= 3
