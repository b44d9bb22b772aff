"""Community axis: projects, observations, youth consultations and their headcounts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from maillage.community.models import (
    ConsultationMethod,
    Observation,
    ObservationSource,
    Project,
    ProjectKind,
    ProjectStatus,
    Theme,
    YouthConsultation,
)
from maillage.core.models import Commune, Organisation
from maillage.programmes.indicator_sets import community
from maillage.programmes.indicators import Counts, compute
from tests.programmes.test_indicators_builders import AFTER, BEFORE, INSIDE, YEAR, scope_of


def cells(counts: Counts, index: int = 0) -> dict[Any, int]:
    return {k: v for k, v in counts.breakdowns[index][1].items() if v}


def project(org: Organisation, status: str, kind: str, **dates: Any) -> None:
    made = Project.objects.create(
        organisation=org,
        kind=kind,
        status=status,
        title="Projet",
        objectives="-",
        target_group="-",
        theme=Theme.PARTICIPATION,
        **dates,
    )
    # Recorded in the period: a project without dates counts from its creation.
    Project.objects.filter(pk=made.pk).update(created_at=datetime(2025, 3, 1, tzinfo=UTC))


def test_projects_under_way_in_the_period_by_status_and_kind(
    org_a: Organisation, org_b: Organisation
) -> None:
    project(org_a, ProjectStatus.RUNNING, ProjectKind.COMMUNITY, starts_on=BEFORE)
    project(
        org_a,
        ProjectStatus.FINISHED,
        ProjectKind.INTERCOMMUNAL,
        starts_on=date(2024, 1, 1),
        ends_on=YEAR.start,
    )
    project(org_a, ProjectStatus.IDEA, ProjectKind.COMMUNITY)  # no dates: created already
    project(
        org_a,
        ProjectStatus.FINISHED,
        ProjectKind.COMMUNITY,
        starts_on=date(2024, 1, 1),
        ends_on=BEFORE,
    )
    project(org_a, ProjectStatus.PREPARING, ProjectKind.COMMUNITY, starts_on=AFTER)
    project(org_b, ProjectStatus.RUNNING, ProjectKind.COMMUNITY, starts_on=INSIDE)

    counts = community.projects(scope_of(org_a), YEAR)

    assert counts.total == 3
    assert cells(counts, 0) == {"running": 1, "finished": 1, "idea": 1}
    assert cells(counts, 1) == {"community": 2, "intercommunal": 1}


def observe(org: Organisation, commune: Commune, on: date, theme: str, source: str) -> None:
    Observation.objects.create(
        organisation=org, date=on, commune=commune, theme=theme, source=source, text="Constat"
    )


def test_observations_by_theme_and_source(
    org_a: Organisation, org_b: Organisation, commune: Commune
) -> None:
    observe(org_a, commune, INSIDE, Theme.HOUSING, ObservationSource.WORKER)
    observe(org_a, commune, YEAR.start, Theme.HOUSING, ObservationSource.PARTNER)
    observe(org_a, commune, YEAR.end, Theme.MOBILITY, ObservationSource.WORKER)
    observe(org_a, commune, BEFORE, Theme.MOBILITY, ObservationSource.WORKER)
    observe(org_b, commune, INSIDE, Theme.MOBILITY, ObservationSource.WORKER)

    counts = community.observations(scope_of(org_a), YEAR)

    assert counts.total == 3
    assert cells(counts, 0) == {"housing": 2, "mobility": 1}
    assert cells(counts, 1) == {"worker": 2, "partner": 1}


def consult(org: Organisation, commune: Commune, on: date, method: str, n: int) -> None:
    YouthConsultation.objects.create(
        organisation=org, date=on, method=method, commune=commune, place="Parc", participants=n
    )


def test_consultations_and_the_young_people_they_heard(
    org_a: Organisation, org_b: Organisation, commune: Commune
) -> None:
    consult(org_a, commune, INSIDE, ConsultationMethod.FOCUS_GROUP, 8)
    consult(org_a, commune, INSIDE, ConsultationMethod.STREET, 3)
    consult(org_a, commune, AFTER, ConsultationMethod.STREET, 40)
    consult(org_b, commune, INSIDE, ConsultationMethod.STREET, 40)
    scope = scope_of(org_a)

    held = community.consultations(scope, YEAR)
    heard = community.consultation_participants(scope, YEAR)

    assert held.total == 2
    assert cells(held) == {"focus_group": 1, "street": 1}
    assert heard.total == 11
    assert cells(heard) == {"focus_group": 8, "street": 3}
    # A headcount of 3 is a small cell: shown "<5", and the 8 hidden with it.
    table = compute("community.consultation_participants", scope, YEAR).breakdowns[0].table
    assert [str(cell) for _label, cell in table.rows] == ["×", "0", "<5"]
