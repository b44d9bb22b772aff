"""The full duplicate scan finds the pairs the check of a new entry would, within each team."""

from __future__ import annotations

from datetime import date

import pytest

from maillage.people import duplicate_scan as scan
from maillage.people.duplicate_scan import duplicate_scan
from maillage.people.models import Person
from maillage.people.queries import find_duplicates_in

pytestmark = pytest.mark.django_db


def _pairs() -> set[tuple[int, int]]:
    return {(pair.first_id, pair.second_id) for pair in duplicate_scan(Person.objects.current())}


def test_a_respelt_name_with_the_same_birth_date_is_a_pair(make_person):
    lina = make_person("Lina", "Benali", birth_date=date(2011, 3, 14))
    lena = make_person("Lena", "Ben Ali", birth_date=date(2011, 3, 14))
    make_person("Marc", "Peeters", birth_date=date(2009, 6, 1))
    assert _pairs() == {(lina.pk, lena.pk)}


def test_swapped_first_and_last_names_are_a_pair(make_person):
    one = make_person("Yanis", "Haddad", birth_date=date(2010, 1, 2))
    two = make_person("Haddad", "Yanis", birth_date=date(2010, 1, 2))
    assert _pairs() == {(one.pk, two.pk)}


def test_the_same_young_person_in_two_teams_is_not_a_pair(make_person, org_b):
    make_person("Lina", "Benali", birth_date=date(2011, 3, 14))
    make_person("Lina", "Benali", birth_date=date(2011, 3, 14), organisation=org_b, actor=None)
    assert _pairs() == set()


def test_it_agrees_with_the_check_of_a_new_entry(make_person):
    people = [
        make_person("Lina", "Benali", birth_date=date(2011, 3, 14)),
        make_person("Lena", "Benali", birth_date=date(2011, 3, 14)),
        make_person("Sofia", "Rossi", birth_date=date(2012, 5, 5)),
        make_person("Sophia", "Rossi", birth_date=None),
        make_person("Tom", "Claes", birth_date=date(2008, 8, 8)),
    ]
    expected = set()
    for person in people:
        others = Person.objects.current().exclude(pk=person.pk)
        for match in find_duplicates_in(
            others,
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            limit=10,
        ):
            expected.add(tuple(sorted((person.pk, match.person.pk))))
    assert expected  # the data holds duplicates, or the comparison proves nothing
    assert _pairs() == expected


def test_awkward_names_pair_with_the_checks_scores(make_person):
    people = [
        make_person("Zoë", "Lefèvre-Dubois", birth_date=date(2012, 5, 1)),
        make_person("Zoe", "Lefevre Dubois", birth_date=date(2012, 5, 1)),
        make_person("Zeo", "Lefèvre-Dubios", birth_date=date(2012, 5, 1)),
        make_person("Lefèvre-Dubois", "Zoë", birth_date=None),
        make_person("Chloé", "Lefèvre", birth_date=date(2012, 5, 1)),
        make_person("Zoë", "Dubois", birth_date=date(2011, 2, 2)),
    ]
    expected = {}
    for person in people:
        others = Person.objects.current().exclude(pk=person.pk)
        for match in find_duplicates_in(
            others,
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            limit=10,
        ):
            expected[tuple(sorted((person.pk, match.person.pk)))] = match.score
    scanned = {(p.first_id, p.second_id): p.score for p in duplicate_scan(Person.objects.current())}
    assert len(expected) == 6  # the four spellings of Zoë pair with each other
    assert scanned == expected


def test_a_birth_date_too_common_to_compare_leaves_its_pairs_to_the_other_blocks(
    make_person, monkeypatch
):
    # Three born the same day make a block too big (here): Yanis and Yann still meet in their
    # last-name skeleton, where their names (70 of 100) need the birth date's bonus.
    monkeypatch.setattr(scan, "MAX_BLOCK", 2)
    born = date(2010, 1, 2)
    yanis = make_person("Yanis", "Haddad", birth_date=born)
    yann = make_person("Yann", "Hadidi", birth_date=born)
    make_person("Marc", "Peeters", birth_date=born)
    assert _pairs() == {(yanis.pk, yann.pk)}
