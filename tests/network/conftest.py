"""The network's fixtures: A places its field worker `member` in C, a neighbourhood house
whose coordinator `host` reads the placement; an agreement of A with C, with a document;
a training of A that `member` followed. B (`outsider`) has nothing to do with any of it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.core.models import OrganisationKind
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.network import services

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"


def pdf(name="convention.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def org_c(make_org):
    return make_org("Maison Gamma", OrganisationKind.NEIGHBOURHOOD_HOUSE)


@pytest.fixture
def coordinator(make_user, org_a):
    """A coordinator of A: manages the network's records."""
    return make_user("coord@a.example", (org_a, Role.COORDINATOR), first_name="Chloé")


@pytest.fixture
def host(make_user, org_c):
    """The coordinator of C, the structure where A's worker is placed."""
    return make_user("host@c.example", (org_c, Role.COORDINATOR), first_name="Hugo")


@pytest.fixture
def viewer(make_user, org_a):
    return make_user("stats@a.example", (org_a, Role.STATS_VIEWER))


def acting(user, org):
    bind_organisation(user, org.pk)
    return user


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def placement(coordinator, member, org_a, org_c, today):
    return services.placement_create(
        actor=acting(coordinator, org_a),
        organisation=org_a,
        worker=member,
        host=org_c,
        starts_on=today - timedelta(days=30),
        hours_per_week=Decimal("19"),
        coordinator_name="Nadia Coordinatrice",
        coordinator_contact="02 000 00 00",
    )


@pytest.fixture
def agreement(coordinator, org_a, org_c, today):
    return services.agreement_create(
        actor=acting(coordinator, org_a),
        organisation=org_a,
        title="Convention de mise à disposition",
        starts_on=today - timedelta(days=300),
        ends_on=today + timedelta(days=40),
        parties=[org_c],
        other_parties="Commune de Forest",
        amount=Decimal("12000"),
        status="signed",
        files=[pdf()],
    )


@pytest.fixture
def document(agreement):
    return agreement.documents.get()


@pytest.fixture
def training(coordinator, member, org_a):
    return services.training_create(
        actor=acting(coordinator, org_a),
        organisation=org_a,
        title="Écoute active",
        trainer="Centre de formation",
        days=[(date(2026, 3, 10), Decimal("6")), (date(2026, 3, 11), Decimal("3.5"))],
        participants=[member],
    )
