"""The demo's programmes: the cohesion coordination's five-year programme with about twenty
funded projects under their conventions, its €984,025 envelope, budget lines and a year of
spending within it; the dropout project's ESF project with its funder. The demo programme
coordinator opens the programme page. The same seed gives the same programmes."""

from __future__ import annotations

import random
from decimal import Decimal

from django.urls import reverse
from faker import Faker

from maillage.core.models import OrganisationKind, User
from maillage.demo.accounts import COHESION, DROPOUT
from maillage.demo.generator import generate
from maillage.demo.programmes import build_programmes
from maillage.programmes.models import Programme, ProgrammeKind, Spending
from maillage.programmes.queries import programme_rows, with_totals


def _totals(programme: Programme) -> Programme:
    return with_totals(Programme.objects.filter(pk=programme.pk)).get()


def test_the_demo_has_the_cohesion_programme_and_the_esf_project(db, client):
    generate(scale=1, seed=3)
    cohesion = Programme.objects.get(organisation__slug=COHESION)
    assert cohesion.kind == ProgrammeKind.SOCIAL_COHESION
    assert cohesion.envelope == Decimal("984025")
    assert cohesion.ends_on.year - cohesion.starts_on.year == 4
    projects = list(cohesion.projects.select_related("agreement", "organisation"))
    assert 18 <= len(projects) <= 22
    assert all(p.agreement and p.organisation in p.agreement.parties.all() for p in projects)
    totals = _totals(cohesion)
    assert 0 < totals.spent < totals.granted <= cohesion.envelope
    assert cohesion.budget_lines.count() >= 3
    outside = cohesion.spendings.exclude(spent_on__range=(cohesion.starts_on, cohesion.ends_on))
    assert not outside.exists()

    esf = Programme.objects.get(organisation__slug=DROPOUT)
    assert esf.kind == ProgrammeKind.ESF
    assert esf.funders.get().kind == OrganisationKind.FUNDER
    assert esf.projects.get().organisation.slug == DROPOUT
    assert esf.spendings.exists()

    user = User.objects.get(email="programme@maillage.example")
    client.force_login(user)
    assert cohesion in programme_rows(user)
    page = client.get(reverse("programmes:programme", kwargs={"pk": cohesion.pk}))
    assert page.status_code == 200
    assert "984\xa0025,00 €" in page.content.decode()


def _snapshot() -> list[tuple]:
    return [
        (p.slug, p.granted, p.spent, sorted(p.projects.values_list("organisation__slug", "amount")))
        for p in with_totals(Programme.objects.order_by("slug"))
    ]


def _clear() -> None:
    # Spending protects its budget line and project: it goes first.
    Spending.objects.all().delete()
    Programme.objects.all().delete()


def test_the_same_seed_gives_the_same_programmes(db):
    generate(scale=0.3, seed=5, with_logins=False)
    _clear()
    build_programmes(fake=Faker("fr_BE"), rng=random.Random(11), scale=0.3)
    first = _snapshot()
    _clear()
    build_programmes(fake=Faker("fr_BE"), rng=random.Random(11), scale=0.3)
    assert _snapshot() == first
    assert len(first) == 2
