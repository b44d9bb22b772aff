"""Projects: validated in French, visible to their partners read-only, linked only to the
organisation's own activities, with budget lines and totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.activities.models import Activity
from maillage.community import services
from maillage.community.models import Project
from tests.community.conftest import acting


def test_bad_input_is_refused_and_nothing_is_saved(org_a, coordinator, commune):
    acting(coordinator, org_a, "coordinator")
    with pytest.raises(ValidationError) as caught:
        services.project_create(
            actor=coordinator,
            organisation=org_a,
            kind="community",
            title=" ",
            objectives="",
            target_group="Jeunes",
            theme="participation",
            status="finished",
            starts_on=date(2025, 5, 1),
            ends_on=date(2025, 1, 1),
            communes=[],
        )
    assert set(caught.value.message_dict) == {
        "title",
        "objectives",
        "communes",
        "ends_on",
        "results",
    }
    assert not Project.objects.exists()


def test_partners_see_the_project_but_cannot_change_it(project, partner_worker, org_b, client):
    acting(partner_worker, org_b, "field_worker")
    assert list(Project.objects.visible_to(partner_worker)) == [project]
    assert not Project.objects.own(partner_worker).exists()
    with pytest.raises(PermissionDenied):
        services.project_update(actor=partner_worker, project=project, title="Repris")
    client.force_login(partner_worker)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "lecture seule" in page
    assert reverse("community:project_edit", args=[project.pk]) not in page
    assert reverse("community:budget_add", args=[project.pk]) not in page


def test_an_organisation_not_partner_does_not_see_the_project(project, make_org, make_user, client):
    other = make_org("Maison Gamma")
    stranger = make_user("stranger@c.example", (other, "coordinator"))
    client.force_login(stranger)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_only_the_organisations_own_activities_can_be_linked(
    make_project, org_b, commune, coordinator
):
    theirs = Activity.objects.create(
        organisation=org_b,
        kind="workshop",
        title="Atelier de B",
        commune=commune,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 2, 1),
    )
    with pytest.raises(ValidationError) as caught:
        make_project(activities=[theirs])
    assert "activities" in caught.value.message_dict


def test_budget_lines_add_up_on_the_project_page(project, coordinator, client):
    services.budget_line_add(
        actor=coordinator,
        project=project,
        label="Transport",
        planned=Decimal("250.50"),
        spent=Decimal("100"),
    )
    with pytest.raises(ValidationError):
        services.budget_line_add(
            actor=coordinator, project=project, label="", planned=Decimal("-1")
        )
    client.force_login(coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "1750,50 €" in page
    assert "100,00 €" in page


def test_the_project_list_searches_and_shows_partner_projects(
    project, make_project, partner_worker, client
):
    make_project(title="Cuisine du monde", partners=[])
    client.force_login(partner_worker)
    page = client.get(reverse("community:project_list")).content.decode()
    assert project.title in page
    assert "Cuisine du monde" not in page
