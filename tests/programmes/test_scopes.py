"""Scopes: a programme counts its coordinator's and its funded organisations' data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from maillage.core.models import Organisation, OrganisationKind
from maillage.programmes.models import FundedProject, Programme, ProgrammeKind
from maillage.programmes.scopes import scope_of_organisation, scope_of_programme


def test_a_programme_s_scope_is_its_coordinator_and_funded_organisations(
    org_a: Organisation, org_b: Organisation, make_org: Any, django_assert_num_queries: Any
) -> None:
    funder = make_org("Région", OrganisationKind.FUNDER)
    bystander = make_org("Maison Delta", OrganisationKind.YOUTH_CENTRE)
    programme = Programme.objects.create(
        organisation=org_a,
        title="PCS",
        slug="pcs",
        kind=ProgrammeKind.SOCIAL_COHESION,
        starts_on=date(2025, 1, 1),
        ends_on=date(2029, 12, 31),
        envelope=Decimal(984025),
    )
    programme.funders.add(funder)
    for title in ("Soutien scolaire", "Accueil"):  # two projects of one organisation
        FundedProject.objects.create(
            programme=programme, organisation=org_b, title=title, amount=Decimal(1000)
        )

    with django_assert_num_queries(1):
        scope = scope_of_programme(programme)

    assert scope.organisation_ids == tuple(sorted((org_a.pk, org_b.pk)))
    assert funder.pk not in scope.organisation_ids
    assert bystander.pk not in scope.organisation_ids


def test_an_organisation_s_scope_is_itself(org_a: Organisation) -> None:
    assert scope_of_organisation(org_a).organisation_ids == (org_a.pk,)
