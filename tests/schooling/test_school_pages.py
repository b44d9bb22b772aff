"""Schools of the directory: searched, added with a unique FWB number and slug, corrected;
a school's page lists the team's pupils, most absent first, with the thresholds reached."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.core.models import Organisation, OrganisationKind
from maillage.schooling import schools as services
from maillage.schooling.models import School
from maillage.schooling.school_years import school_year_of


def _create(actor, acting_for, commune, **extra):
    values = {"name": "Lycée Exemple", "kind": OrganisationKind.SCHOOL, "fwb_number": "4321"}
    return services.school_create(
        actor=actor, acting_for=acting_for, commune=commune, **{**values, **extra}
    )


def test_a_school_is_an_organisation_of_the_directory_with_its_fwb_number(
    coordinator, org_a, commune
):
    school = _create(coordinator, org_a, commune, street="Rue de l'École 1", postcode="1060")
    organisation = school.organisation
    assert (organisation.kind, organisation.commune, organisation.slug) == (
        "school",
        commune,
        "lycee-exemple",
    )
    assert organisation.street == "Rue de l'École 1" and school.fwb_number == "4321"
    event = AuditEvent.objects.get(action="schooling.school.created")
    # The event is the acting team's, not the school's.
    assert event.organisation_id == org_a.pk


def test_two_schools_of_the_same_name_get_distinct_slugs(coordinator, org_a, commune):
    first = _create(coordinator, org_a, commune)
    second = _create(coordinator, org_a, commune, fwb_number="4322")
    assert first.organisation.slug != second.organisation.slug


@pytest.mark.parametrize("number", ["", "12a4", "12 34", "12345678901"])
def test_the_fwb_number_is_digits_only(coordinator, org_a, commune, number):
    with pytest.raises(ValidationError) as caught:
        _create(coordinator, org_a, commune, fwb_number=number)
    assert set(caught.value.message_dict) == {"fwb_number"}
    assert not School.objects.exists()


def test_a_taken_fwb_number_is_refused_in_french_and_nothing_is_saved(
    coordinator, org_a, commune, school
):
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as caught:
        _create(coordinator, org_a, commune, fwb_number=school.fwb_number, kind="amo", name=" ")
    assert set(caught.value.message_dict) == {"fwb_number", "kind", "name"}
    assert "numéro FASE" in caught.value.message_dict["fwb_number"][0]
    assert Organisation.objects.count() == before


def test_the_form_adds_a_school_and_shows_errors_in_place(login, coordinator, commune, school):
    client = login(coordinator)
    url = reverse("schooling:school_create")
    data = {"name": "Institut Neuf", "kind": "cpms", "fwb_number": school.fwb_number}
    page = client.post(url, {**data, "commune": commune.pk})
    assert page.status_code == 200
    assert "id_fwb_number_error" in page.content.decode()
    response = client.post(url, {**data, "fwb_number": "777", "commune": commune.pk})
    created = School.objects.get(fwb_number="777")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.organisation.kind == "cpms"


def test_editing_a_school_keeps_its_number_free_for_itself(login, coordinator, school, commune):
    client = login(coordinator)
    url = reverse("schooling:school_edit", args=[school.pk])
    assert "Athénée Exemple" in client.get(url).content.decode()
    data = {"name": "Athénée Renommé", "kind": "school", "fwb_number": "1234"}
    response = client.post(url, {**data, "commune": commune.pk, "postcode": "1060"})
    assert response.status_code == 302
    school.organisation.refresh_from_db()
    assert school.organisation.name == "Athénée Renommé"
    event = AuditEvent.objects.get(action="schooling.school.updated")
    assert event.changes == {"fields": ["name", "postcode"]}


def test_the_list_is_searched_by_name_number_or_commune_and_counts_our_pupils_only(
    login, member, make_school, pupil, org_b, org_a, year
):
    make_school("Collège Soleil", "98765")
    pupil("Lina")
    pupil("Noé")
    pupil("Zoé", organisation=org_b)
    client = login(member)
    url = reverse("schooling:school_list")
    page = client.get(url, {"q": "98765"}).content.decode()
    assert "Collège Soleil" in page and "Athénée Exemple" not in page
    page = client.get(url, {"q": "saint-gilles"}).content.decode()
    assert "Collège Soleil" in page and "Athénée Exemple" in page
    response = client.get(url, {"mine": "on"})
    rows = list(response.context["page"])
    assert [s.organisation.name for s in rows] == ["Athénée Exemple"]
    assert rows[0].pupils == 2  # B's pupil is not counted


@pytest.fixture(autouse=True)
def _today_in_2025_2026(monkeypatch):
    """The pages' default school year is the current one: pin it to the fixtures' year."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 2, 2))


def test_the_school_page_lists_the_most_absent_first_with_the_thresholds_reached(
    login, member, school, pupil, absences, org_a
):
    calm = pupil("Calme", birth_date=date(2011, 1, 1))
    absences(calm, 2)
    signalled = pupil("Signalé", birth_date=date(2011, 1, 1))
    absences(signalled, 9)
    adult = pupil("Majeur", birth_date=date(2006, 1, 1), grade=6)
    absences(adult, 21)
    page = login(member).get(school.get_absolute_url())
    rows = page.context["rows"]
    assert [(e.person.first_name, e.unjustified) for e, _r in rows] == [
        ("Majeur", 21),
        ("Signalé", 9),
        ("Calme", 2),
    ]
    reached = {e.person.first_name: [r.half_days for r in rules] for e, rules in rows}
    # The minors' rule does not apply to a pupil of age.
    assert reached == {"Majeur": [20], "Signalé": [9], "Calme": []}
    assert 'class="badge threshold-reached"' in page.content.decode()


def test_the_school_page_shows_the_chosen_school_year(login, member, school, pupil, org_a):
    pupil("Actuelle")
    earlier = school_year_of(2024)
    page = login(member).get(school.get_absolute_url(), {"year": earlier.pk})
    assert page.context["year"] == earlier
    assert page.context["rows"] == []


def test_another_teams_pupils_are_not_listed(login, member, school, pupil, org_b):
    pupil("Autre", organisation=org_b)
    page = login(member).get(school.get_absolute_url())
    assert page.context["rows"] == []


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_school_pages_run_the_same_queries_for_1_or_10_rows(
    login, member, school, pupil, absences, make_school
):
    client = login(member)
    pages = [reverse("schooling:school_list"), school.get_absolute_url()]
    absences(pupil("P0"), 3)
    make_school("École 0", "5000")
    for url in pages:  # the first visit creates the school year and the default rules
        client.get(url)
    one = [_queries(client, url) for url in pages]
    for i in range(1, 10):
        absences(pupil(f"P{i}"), i)
        make_school(f"École {i}", f"50{i:02}")
    assert [_queries(client, url) for url in pages] == one
