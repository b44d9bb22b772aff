"""A small hand-built programme for the report tests (imported by tests/programmes/test_report_*).

Organisation A coordinates "Cohésion sociale 2025" and funds B's project; C is unrelated.
`report_indicator` registers a test indicator for the duration of a test: the requests of
the scope received in the period, by who asked — real counts of real rows, suppressed by
the statistics layer. In 2025: A has 12 requests from young people and 3 from parents,
B has 4 from schools (total 19; parents and schools show as "<5"); C's 50 and A's 2024 ones
are outside the report.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from maillage.casework.models import Request, Requester
from maillage.core import stats
from maillage.core.models import Organisation, User
from maillage.core.roles import Role
from maillage.people.models import Person
from maillage.programmes.indicators import CATALOGUE, Axis, Counts, Period, Scope, indicator
from maillage.programmes.models import (
    BudgetLine,
    FundedProject,
    IndicatorTarget,
    Programme,
    ProgrammeKind,
    Spending,
)

__all__ = [  # the fixtures, for `from tests.programmes.conftest_reports import *`
    "dataset",
    "org_c",
    "private_storage",
    "programme",
    "programme_coordinator",
    "report_indicator",
    "stats_viewer",
]

CODE = "tests.report_requests"
LABEL = "Demandes reçues (test des rapports)"
PERSON_NAME = ("Zinedine", "Vandermeulen")


@pytest.fixture(autouse=True)
def private_storage(settings: Any, tmp_path: Any) -> Any:
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


@pytest.fixture
def report_indicator() -> Any:
    @indicator(CODE, label=LABEL, axis=Axis.INDIVIDUAL, people=True)
    def requests(scope: Scope, period: Period) -> Counts:
        rows = Request.objects.filter(
            organisation_id__in=scope.organisation_ids,
            received_on__range=(period.start, period.end),
        )
        by_requester = stats.count_by(rows, "requester")
        return Counts(
            total=sum(by_requester.values()),
            breakdowns=[("Par demandeur", by_requester, dict(Requester.choices))],
        )

    yield CODE
    CATALOGUE.pop(CODE, None)


@pytest.fixture
def org_c(make_org: Any) -> Organisation:
    return make_org("AMO Gamma")


@pytest.fixture
def programme_coordinator(make_user: Any, org_a: Organisation) -> User:
    return make_user(
        "programme@a.example", (org_a, Role.PROGRAMME_COORDINATOR), first_name="Prisca"
    )


@pytest.fixture
def stats_viewer(make_user: Any, org_a: Organisation) -> User:
    return make_user("stats@a.example", (org_a, Role.STATS_VIEWER), first_name="Stan")


@pytest.fixture
def programme(org_a: Organisation, org_b: Organisation) -> Programme:
    programme = Programme.objects.create(
        organisation=org_a,
        title="Cohésion sociale 2025",
        slug="cohesion-2025",
        kind=ProgrammeKind.SOCIAL_COHESION,
        starts_on=date(2025, 1, 1),
        ends_on=date(2027, 12, 31),
        envelope=Decimal("100000.00"),
    )
    project = FundedProject.objects.create(
        programme=programme,
        organisation=org_b,
        title="Soutien scolaire au quartier",
        amount=Decimal("30000.00"),
    )
    line = BudgetLine.objects.create(
        programme=programme, label="Animation", planned=Decimal("60000")
    )
    for day, amount in ((date(2025, 3, 1), "12500.50"), (date(2026, 2, 1), "1000.00")):
        Spending.objects.create(
            programme=programme,
            budget_line=line,
            project=project,
            spent_on=day,
            amount=Decimal(amount),
            description="Salaire",
        )
    IndicatorTarget.objects.create(
        programme=programme,
        indicator=CODE,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        target=20,
    )
    return programme


@pytest.fixture
def dataset(
    programme: Programme, org_a: Organisation, org_b: Organisation, org_c: Organisation, owner: User
) -> Programme:
    person = Person.objects.create(
        organisation=org_a,
        first_name=PERSON_NAME[0],
        last_name=PERSON_NAME[1],
        birth_date=date(2010, 1, 1),
        gender="M",
    )
    rows = [
        *[(org_a, Requester.YOUNG_PERSON, date(2025, 5, 1))] * 12,
        *[(org_a, Requester.PARENT, date(2025, 6, 1))] * 3,
        *[(org_b, Requester.SCHOOL, date(2025, 12, 31))] * 4,
        *[(org_c, Requester.YOUNG_PERSON, date(2025, 5, 1))] * 50,
        *[(org_a, Requester.YOUNG_PERSON, date(2024, 12, 31))] * 2,
    ]
    Request.objects.bulk_create(
        Request(
            organisation=org,
            requester=requester,
            received_on=day,
            recorded_by=owner,
            person=person if index == 0 else None,
        )
        for index, (org, requester, day) in enumerate(rows)
    )
    return programme
