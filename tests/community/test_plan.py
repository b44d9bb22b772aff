"""The three-year action plan: actions within the plan's years, linked to projects, with a
responsible organisation; adopting the diagnosis needs its analysis and priorities."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.community import services
from maillage.community.models import PlanAction


def add(diagnosis, actor, responsible, **fields):
    values = {
        "objective": "Un lieu de rencontre le soir",
        "theme": "public_space",
        "starts_on": date(2026, 9, 1),
        "ends_on": date(2027, 6, 30),
        "responsible": responsible,
        **fields,
    }
    return services.plan_action_add(actor=actor, diagnosis=diagnosis, **values)


def test_an_action_links_to_projects_and_shows_on_both_pages(
    diagnosis, project, coordinator, org_a, client
):
    action = add(diagnosis, coordinator, org_a, projects=[project])
    assert list(action.projects.all()) == [project]
    client.force_login(coordinator)
    assert action.objective in client.get(project.get_absolute_url()).content.decode()
    page = client.get(diagnosis.get_absolute_url()).content.decode()
    assert "Plan d’action triennal (01/03/2026 – 28/02/2029)" in page


def test_an_action_outside_the_plans_three_years_is_refused(diagnosis, coordinator, org_a):
    with pytest.raises(ValidationError) as caught:
        add(diagnosis, coordinator, org_a, ends_on=date(2029, 3, 1))
    assert caught.value.message_dict["ends_on"] == [
        "L’action doit se dérouler dans les trois années du plan : du 01/03/2026 au 28/02/2029."
    ]
    with pytest.raises(ValidationError) as caught:
        add(diagnosis, coordinator, None, objective="", starts_on=None)
    assert set(caught.value.message_dict) == {"objective", "responsible", "starts_on"}
    assert not PlanAction.objects.exists()


def test_adopting_needs_analysis_and_priorities_and_a_past_date(
    make_diagnosis, coordinator, client
):
    draft = make_diagnosis(analysis="", priorities="")
    with pytest.raises(ValidationError) as caught:
        services.diagnosis_adopt(actor=coordinator, diagnosis=draft, adopted_on=date(2026, 1, 1))
    assert "__all__" in caught.value.message_dict
    client.force_login(coordinator)
    response = client.post(
        reverse("community:diagnosis_adopt", args=[draft.pk]), {"adopt-adopted_on": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "Rédigez l’analyse et les priorités" in response.content.decode()
    draft.refresh_from_db()
    assert draft.adopted_on is None


def test_the_diagnosis_period_must_be_in_order(org_a, coordinator, commune):
    with pytest.raises(ValidationError) as caught:
        services.diagnosis_create(
            actor=coordinator,
            organisation=org_a,
            communes=[],
            title="X",
            period_start=date(2025, 1, 1),
            period_end=date(2024, 1, 1),
        )
    assert set(caught.value.message_dict) == {"communes", "period_end"}
