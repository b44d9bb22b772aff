"""The programme pages: the list with its totals, the form with its errors in place, the
programme's page for its coordinator and for a funded organisation, in a constant number of
queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import OrganisationKind
from maillage.programmes import services
from maillage.programmes.models import Programme
from tests.programmes.conftest_programmes import *  # noqa: F403


def _record(prog_coord, programme, line, amount, **extra):
    return services.spending_record(
        actor=prog_coord,
        programme=programme,
        budget_line=line,
        spent_on=date(2025, 5, 2),
        amount=Decimal(amount),
        description="Facture",
        **extra,
    )


def test_the_list_shows_granted_spent_and_remaining_in_belgian_format(
    login, prog_coord, programme, funded_project, line
):
    _record(prog_coord, programme, line, "1234.50")
    page = login(prog_coord).get(reverse("programmes:programme_list")).content.decode()
    # Thousands are grouped with a non-breaking space, so an amount never wraps.
    page = page.replace("\xa0", " ")
    assert programme.title in page
    assert "984 025,00 €" in page  # envelope
    assert "45 000,00 €" in page  # granted
    assert "1 234,50 €" in page  # spent
    assert "982 790,50 €" in page  # remaining


def test_a_programme_created_through_the_form_leads_to_its_page(login, prog_coord, funder, org_a):
    response = login(prog_coord).post(
        reverse("programmes:programme_create"),
        {
            "title": "Projet FSE Accroche",
            "slug": "fse-accroche",
            "kind": "esf",
            "starts_on": "2025-01-01",
            "ends_on": "2027-12-31",
            "envelope": "250000",
            "funders": [funder.pk],
        },
    )
    programme = Programme.objects.get(slug="fse-accroche")
    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    assert programme.organisation == org_a


def test_the_form_shows_the_end_before_start_error_on_the_end_field(login, prog_coord):
    response = login(prog_coord).post(
        reverse("programmes:programme_create"),
        {
            "title": "Programme",
            "slug": "programme",
            "kind": "other",
            "starts_on": "2025-06-01",
            "ends_on": "2025-01-01",
            "envelope": "10",
        },
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert 'aria-describedby="id_ends_on_error"' in response.content.decode()
    assert not Programme.objects.exists()


def test_a_funded_worker_reads_the_programme_without_its_buttons(
    login, funded_worker, programme, funded_project, line
):
    page = login(funded_worker).get(programme.get_absolute_url()).content.decode()
    assert funded_project.title in page
    assert "Convention de subventionnement Gamma" in page
    assert reverse("programmes:programme_edit", kwargs={"pk": programme.pk}) not in page
    assert reverse("programmes:spending_add", kwargs={"pk": programme.pk}) not in page


def test_the_programme_page_draws_spending_per_budget_line(login, prog_coord, programme, line):
    _record(prog_coord, programme, line, "2500")
    page = login(prog_coord).get(programme.get_absolute_url()).content.decode()
    assert "<svg" in page and "bar-chart" in page
    assert "Subventions aux associations" in page
    assert reverse("programmes:spending_add", kwargs={"pk": programme.pk}) in page


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["programme_list", "programme", "spending_list", "project_list"])
def test_pages_run_the_same_number_of_queries_for_1_and_10_rows(
    login,
    prog_coord,
    programme,
    funded_project,
    line,
    make_org,
    make_programme,
    name,
    indicator_code,
):
    client = login(prog_coord)
    kwargs = {} if name == "programme_list" else {"pk": programme.pk}
    url = reverse(f"programmes:{name}", kwargs=kwargs)
    _record(prog_coord, programme, line, "10", project=funded_project)
    client.get(url)  # warm the caches of the session and the site
    once = _count(client, url)
    for i in range(9):
        org = make_org(f"Association {i}", OrganisationKind.OTHER)
        project = services.funded_project_add(
            actor=prog_coord,
            programme=programme,
            organisation=org,
            title=f"P{i}",
            amount=Decimal(100),
        )
        other = services.budget_line_add(
            actor=prog_coord, programme=programme, label=f"Ligne {i}", planned=Decimal(5)
        )
        _record(prog_coord, programme, other, "10", project=project)
        services.indicator_target_set(
            actor=prog_coord,
            programme=programme,
            indicator=indicator_code,
            period_start=date(2025, 1, 1 + i),
            period_end=date(2025, 12, 31),
            target=i,
        )
        make_programme(slug=f"autre-{i}", title=f"Autre {i}")
    assert _count(client, url) == once
