"""The search shared by the team's and the public pages: theme, age, commune, words."""

from __future__ import annotations

import pytest

from maillage.core.models import Commune
from maillage.directory.models import Service, Theme
from maillage.directory.queries import Search, search


@pytest.fixture
def offer(make_service, org_b):
    ixelles = Commune.objects.get(name="Ixelles")
    forest = Commune.objects.get(name="Forest")
    return {
        "homework": make_service(
            name="Devoirs", theme=Theme.SCHOOLING_SUPPORT, age_min=6, age_max=12
        ),
        "football": make_service(
            name="Club de football", theme=Theme.SPORT, age_min=10, communes=[ixelles, forest]
        ),
        "lawyer": make_service(
            organisation=org_b,
            name="Permanence",
            theme=Theme.LEGAL_AID,
            description="Conseils juridiques gratuits pour les élèves",
            communes=[],
        ),
    }


def names(criteria: Search) -> set[str]:
    return {s.name for s in search(Service.objects.published(), criteria)}


def test_by_theme(offer):
    assert names(Search(theme=Theme.SPORT)) == {"Club de football"}


def test_by_age_keeps_open_ranges(offer):
    assert names(Search(age=11)) == {"Devoirs", "Club de football", "Permanence"}
    assert names(Search(age=15)) == {"Club de football", "Permanence"}
    assert names(Search(age=8)) == {"Devoirs", "Permanence"}


def test_by_commune_without_duplicates(offer):
    found = search(Service.objects.published(), Search(commune=Commune.objects.get(name="Forest")))
    assert [s.name for s in found] == ["Club de football"]


def test_text_ignores_accents_and_case(offer):
    assert names(Search(text="ELEVES")) == {"Permanence"}
    assert names(Search(text="élèves juridiques")) == {"Permanence"}
    assert names(Search(text="élèves football")) == set()


def test_text_matches_the_organisation(offer):
    assert names(Search(text="beta")) == {"Permanence"}


def test_combined_criteria(offer):
    criteria = Search(theme=Theme.SPORT, commune=Commune.objects.get(name="Ixelles"), age=12)
    assert names(criteria) == {"Club de football"}
