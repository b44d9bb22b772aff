from datetime import date

import pytest

from maillage.core.scoping import bind_organisation
from maillage.people.matching import normalise, skeleton
from maillage.people.models import Person
from maillage.people.queries import find_duplicates


@pytest.fixture
def marie(org_a, owner):
    return Person.objects.create(
        organisation=org_a, first_name="Marie-Ève", last_name="Dupont", birth_date=date(2010, 3, 4)
    )


def test_normalise_drops_accents_case_and_punctuation():
    assert normalise("  Zoë-ÈVE  d'Orval ") == "zoe eve d orval"
    assert skeleton("Khadija") == skeleton("Kadija")
    assert skeleton("Mohammed") == skeleton("Mohamed")


@pytest.mark.parametrize(
    ("first", "last", "born"),
    [
        ("marie-eve", "DUPONT", None),  # case and accents
        ("Dupont", "Marie Eve", None),  # swapped
        ("Marie-Eve", "Dupond", None),  # typo
        ("Mari", "Dupont", date(2010, 3, 4)),  # short first name, same birth date
    ],
)
def test_duplicate_check_finds_the_existing_person(owner, marie, first, last, born):
    matches = find_duplicates(owner, first_name=first, last_name=last, birth_date=born)
    assert [m.person for m in matches] == [marie]


def test_different_person_with_the_same_birth_date_is_not_proposed(owner, marie):
    assert (
        find_duplicates(
            owner, first_name="Youssef", last_name="Benali", birth_date=date(2010, 3, 4)
        )
        == []
    )


def test_duplicate_check_stays_inside_the_organisation(outsider, marie):
    assert find_duplicates(outsider, first_name="Marie-Eve", last_name="Dupont") == []


def test_duplicate_check_is_one_query(owner, marie, org_a, django_assert_num_queries):
    bind_organisation(owner, org_a.pk, frozenset({"administrator"}))  # as the middleware does
    with django_assert_num_queries(1):
        find_duplicates(owner, first_name="Marie", last_name="Dupont", birth_date=date(2010, 3, 4))
