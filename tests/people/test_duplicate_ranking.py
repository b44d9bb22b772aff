"""The duplicate check's ranked proposals on awkward names (accents, swapped letters,
hyphens, names in the other order), pinned: a faster query must propose the same files in the
same order with the same scores; and the cap on candidates keeps the first by id."""

from __future__ import annotations

from datetime import date

import pytest

from maillage.people import queries
from maillage.people.models import Person
from maillage.people.queries import find_duplicates_in

pytestmark = pytest.mark.django_db

BORN = date(2012, 5, 1)


@pytest.fixture
def awkward(org_a) -> dict[str, Person]:
    people = {
        "zoe": ("Zoë", "Lefèvre-Dubois", BORN),
        "plain": ("Zoe", "Lefevre Dubois", BORN),
        "swapped": ("Zeo", "Lefèvre-Dubios", BORN),
        "reversed": ("Lefèvre-Dubois", "Zoë", None),
        "cousin": ("Chloé", "Lefèvre", BORN),
        "other_year": ("Zoë", "Dubois", date(2011, 2, 2)),
        "stranger": ("Mohamed", "El Amrani", BORN),
    }
    return {
        key: Person.objects.create(
            organisation=org_a, first_name=first, last_name=last, birth_date=born
        )
        for key, (first, last, born) in people.items()
    }


def _ranked(awkward: dict[str, Person], **entry: object) -> list[tuple[str, int]]:
    names = {person.pk: key for key, person in awkward.items()}
    matches = find_duplicates_in(Person.objects.current(), limit=10, **entry)  # type: ignore[arg-type]
    return [(names[match.person.pk], match.score) for match in matches]


@pytest.mark.parametrize(
    ("first", "last", "born", "expected"),
    [
        # Case, accents and a hyphen for a space: the same name key.
        (
            "ZOE",
            "lefevre-dubois",
            None,
            [("zoe", 100), ("plain", 100), ("reversed", 100), ("swapped", 88)],
        ),
        # The names in the other order, one of them misspelt.
        (
            "Lefebvre Dubois",
            "Zoé",
            None,
            [("zoe", 97), ("plain", 97), ("reversed", 97), ("swapped", 86)],
        ),
        # Two pairs of letters swapped: that file first, then the others.
        (
            "Zeo",
            "Lefevre-Dubios",
            None,
            [("swapped", 100), ("zoe", 88), ("plain", 88), ("reversed", 88)],
        ),
        # Half of a double name: the birth date decides, and the file without one comes last.
        ("Zoe", "Lefevre", None, [("zoe", 75), ("plain", 75), ("reversed", 75)]),
        (
            "Zoe",
            "Lefevre",
            BORN,
            [("zoe", 90), ("plain", 90), ("swapped", 83), ("reversed", 75)],
        ),
        # Another first name and another birth date: no one.
        ("Chloe", "Lefevre-Dubois", date(2011, 2, 2), []),
        ("Zoë-Ève", "Dubois", None, [("other_year", 83)]),
    ],
)
def test_awkward_names_are_ranked_as_pinned(awkward, first, last, born, expected):
    assert _ranked(awkward, first_name=first, last_name=last, birth_date=born) == expected


def test_the_candidates_are_the_first_by_id_of_every_block(org_a, monkeypatch):
    # Three candidates at most: the lowest ids of all the blocks together, each person once,
    # whichever block they come from. Marc shares only the birth date and is no match, but
    # takes a place; the two later Lina Benali do not get one.
    monkeypatch.setattr(queries, "CANDIDATE_LIMIT", 3)
    made = [
        Person.objects.create(organisation=org_a, first_name=f, last_name=last, birth_date=b)
        for f, last, b in [
            ("Lina", "Benali", None),
            ("Marc", "Peeters", BORN),
            ("Lina", "Benaly", BORN),
            ("Lina", "Benali", None),
            ("Lina", "Benali", None),
        ]
    ]
    matches = find_duplicates_in(
        Person.objects.current(), first_name="Lina", last_name="Benali", birth_date=BORN, limit=10
    )
    assert sorted(m.person.pk for m in matches) == [made[0].pk, made[2].pk]


def test_a_proposal_shows_the_files_identity_and_commune_in_one_query(
    org_a, commune, django_assert_num_queries
):
    stored = Person.objects.create(
        organisation=org_a,
        first_name="Zoë",
        last_name="Lefèvre-Dubois",
        birth_date=BORN,
        commune=commune,
    )
    with django_assert_num_queries(1):
        (match,) = find_duplicates_in(
            Person.objects.current(), first_name="Zoe", last_name="Lefevre Dubois"
        )
        person = match.person
        shown = (person.pk, person.first_name, person.last_name, person.birth_date)
        assert shown == (stored.pk, "Zoë", "Lefèvre-Dubois", BORN)
        assert (person.organisation_id, person.commune) == (org_a.pk, commune)
        assert str(person.commune) == commune.name
