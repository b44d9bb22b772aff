"""Personas and objects of the community-axis tests.

`member` (a field worker of A) and `coordinator` (of A) work on A's community records;
`partner_worker` works in B, which takes part in A's `project` as a partner; `outsider`
administers B too. `diagnosis` covers Saint-Gilles over 2024-2025 and was adopted on
1 March 2026.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.community import services
from maillage.community.models import (
    Diagnosis,
    Observation,
    Project,
    ProjectKind,
    ProjectStatus,
    YouthConsultation,
)
from maillage.core.models import Commune, Organisation, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name: str = "compte-rendu.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def acting(user: User, organisation: Organisation, *roles: str) -> User:
    """Bind the user to an organisation as the middleware does for a request."""
    bind_organisation(user, organisation.pk, frozenset(roles))
    return user


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def partner_worker(make_user: Callable[..., User], org_b: Organisation) -> User:
    return make_user("worker@b.example", (org_b, Role.FIELD_WORKER), first_name="Bruno")


@pytest.fixture
def stats_viewer(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("stats@a.example", (org_a, Role.STATS_VIEWER), first_name="Stan")


@pytest.fixture
def forest(commune: Commune) -> Commune:
    return Commune.objects.get(name="Forest")


@pytest.fixture
def make_project(
    org_a: Organisation, coordinator: User, commune: Commune
) -> Callable[..., Project]:
    def make(**fields: Any) -> Project:
        values: dict[str, Any] = {
            "kind": ProjectKind.COMMUNITY,
            "title": "Parole aux jeunes du quartier",
            "objectives": "Faire entendre les jeunes auprès de la commune.",
            "target_group": "Jeunes de 12 à 18 ans",
            "theme": "participation",
            "status": ProjectStatus.RUNNING,
            "communes": [commune],
            **fields,
        }
        acting(coordinator, org_a, Role.COORDINATOR)
        return services.project_create(actor=coordinator, organisation=org_a, **values)

    return make


@pytest.fixture
def project(
    make_project: Callable[..., Project], org_b: Organisation, coordinator: User
) -> Project:
    project = make_project(partners=[org_b])
    services.budget_line_add(
        actor=coordinator, project=project, label="Animations", planned=Decimal("1500")
    )
    return project


@pytest.fixture
def make_observation(
    org_a: Organisation, member: User, commune: Commune
) -> Callable[..., Observation]:
    def make(**fields: Any) -> Observation:
        values: dict[str, Any] = {
            "date": date(2025, 3, 1),
            "commune": commune,
            "theme": "public_space",
            "source": "worker",
            "text": "Peu de lieux pour les jeunes le soir.",
            **fields,
        }
        acting(member, org_a, Role.FIELD_WORKER)
        return services.observation_create(actor=member, organisation=org_a, **values)

    return make


@pytest.fixture
def observation(make_observation: Callable[..., Observation]) -> Observation:
    return make_observation()


@pytest.fixture
def consultation(org_a: Organisation, member: User, commune: Commune) -> YouthConsultation:
    acting(member, org_a, Role.FIELD_WORKER)
    return services.consultation_create(
        actor=member,
        organisation=org_a,
        date=date(2025, 4, 2),
        method="focus_group",
        commune=commune,
        place="Maison de quartier",
        participants=12,
    )


@pytest.fixture
def make_diagnosis(
    org_a: Organisation, coordinator: User, commune: Commune
) -> Callable[..., Diagnosis]:
    def make(**fields: Any) -> Diagnosis:
        values: dict[str, Any] = {
            "title": "Diagnostic social communautaire 2024-2025",
            "period_start": date(2024, 1, 1),
            "period_end": date(2025, 12, 31),
            "communes": [commune],
            "analysis": "Les jeunes manquent d'espaces.",
            "priorities": "Des lieux de rencontre.",
            **fields,
        }
        adopted_on = values.pop("adopted_on", None)
        acting(coordinator, org_a, Role.COORDINATOR)
        diagnosis = services.diagnosis_create(actor=coordinator, organisation=org_a, **values)
        if adopted_on:
            services.diagnosis_adopt(actor=coordinator, diagnosis=diagnosis, adopted_on=adopted_on)
        return diagnosis

    return make


@pytest.fixture
def diagnosis(make_diagnosis: Callable[..., Diagnosis]) -> Diagnosis:
    return make_diagnosis(adopted_on=date(2026, 3, 1))
