"""Individual axis: requests, follow-ups, interventions and hours, referrals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from maillage.casework.models import InterventionKind, Outcome, Requester, Theme
from maillage.core.models import Organisation, OrganisationKind
from maillage.programmes.indicator_sets import individual
from maillage.programmes.indicators import Counts, compute
from tests.programmes.test_indicators_builders import (
    AFTER,
    BEFORE,
    INSIDE,
    YEAR,
    Build,
    build_fixture,  # noqa: F401  (the `build` fixture)
    scope_of,
)


def cells(counts: Counts, index: int = 0) -> dict[Any, int]:
    return {k: v for k, v in counts.breakdowns[index][1].items() if v}


@pytest.fixture
def casework(build: Build, org_a: Organisation, org_b: Organisation, make_org: Any) -> None:
    cpas = make_org("CPAS Gamma", OrganisationKind.CPAS)
    young, other = build.person(org_a), build.person(org_a)
    r1 = build.request(
        org_a, person=young, requester=Requester.PARENT, themes=(Theme.SCHOOLING, Theme.FAMILY)
    )
    r2 = build.request(org_a, person=other, themes=(Theme.SCHOOLING,))
    build.request(org_a, requester=Requester.SCHOOL, gender="M", age_band="15-17")
    r4 = build.request(org_a, person=build.person(org_a), on=BEFORE, themes=(Theme.HEALTH,))
    r5 = build.request(org_a, person=build.person(org_a), on=AFTER, themes=(Theme.HEALTH,))
    build.request(org_b, person=build.person(org_b), themes=(Theme.HEALTH,))

    f1 = build.followup(r1, closed=date(2025, 9, 1), outcome=Outcome.GOAL_REACHED)
    f2 = build.followup(r2)
    f4 = build.followup(r4, opened=BEFORE, closed=date(2025, 2, 1), outcome=Outcome.REFERRED)
    f5 = build.followup(r5, opened=AFTER)

    build.intervention(f1, minutes=90, kind=InterventionKind.LISTENING)
    build.intervention(f1, minutes=45, kind=InterventionKind.LEGAL)
    build.intervention(f2, on=YEAR.end, minutes=45, kind=InterventionKind.LEGAL)
    build.intervention(f4, on=BEFORE, minutes=30)
    build.intervention(f5, on=AFTER, minutes=30)

    build.referral(f1, org_b)
    build.referral(f2, cpas, on=INSIDE)
    build.referral(f4, org_b, on=BEFORE)


@pytest.mark.usefixtures("casework")
class TestIndividualAxis:
    def test_requests_by_requester_and_theme(self, org_a: Organisation) -> None:
        counts = individual.requests(scope_of(org_a), YEAR)
        assert counts.total == 3
        assert cells(counts, 0) == {"parent": 1, "young_person": 1, "school": 1}
        assert cells(counts, 1) == {"schooling": 2, "family": 1}

    def test_followups_opened_and_closed_by_outcome(self, org_a: Organisation) -> None:
        opened = individual.followups_opened(scope_of(org_a), YEAR)
        assert opened.total == 2
        assert cells(opened) == {"parent": 1, "young_person": 1}
        closed = individual.followups_closed(scope_of(org_a), YEAR)
        assert closed.total == 2
        assert cells(closed) == {"goal_reached": 1, "referred": 1}

    def test_interventions_and_their_hours_by_kind(self, org_a: Organisation) -> None:
        done = individual.interventions(scope_of(org_a), YEAR)
        assert done.total == 3
        assert cells(done) == {"listening": 1, "legal": 2}
        spent = individual.intervention_hours(scope_of(org_a), YEAR)
        # 90 + 45 + 45 minutes: 3 hours; 1.5 hours each kind, rounded half up.
        assert spent.total == 3
        assert cells(spent) == {"listening": 2, "legal": 2}

    def test_hours_are_activity_so_not_suppressed(self, org_a: Organisation) -> None:
        result = compute("individual.intervention_hours", scope_of(org_a), YEAR)
        assert str(result.total) == "3"
        assert result.people is False

    def test_referrals_by_kind_of_destination(self, org_a: Organisation) -> None:
        counts = individual.referrals(scope_of(org_a), YEAR)
        assert counts.total == 2
        assert cells(counts) == {"neighbourhood_house": 1, "cpas": 1}

    def test_requests_are_people_and_suppressed(self, org_a: Organisation) -> None:
        result = compute("individual.requests", scope_of(org_a), YEAR)
        assert str(result.total) == "<5"

    def test_another_organisation_counts_only_its_own(self, org_b: Organisation) -> None:
        assert individual.requests(scope_of(org_b), YEAR).total == 1
        assert individual.interventions(scope_of(org_b), YEAR).total == 0
