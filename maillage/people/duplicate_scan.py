"""The full duplicate scan: every pair of likely duplicates among persons, organisation by
organisation (a person is never compared with another team's).

The same blocking as the check of a new entry (`queries.find_duplicates_many`): two persons
are compared only when they share the name key, a name skeleton (in either order) or the
birth date, and scored with the same `score_keys`. Persons are read one organisation at a time
(identity keys only, never a contact detail), so memory follows the largest team, not the
sector.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from maillage.people.matching import score_keys
from maillage.people.models import PersonQuerySet
from maillage.people.queries import MATCH_THRESHOLD

# A block larger than this (a very common name skeleton in a big team) is not compared pair by
# pair: its members still meet in their smaller blocks (name key, birth date).
MAX_BLOCK = 2000


@dataclass(frozen=True)
class Pair:
    organisation_id: int
    first_id: int
    second_id: int
    score: int


def duplicate_scan(persons: PersonQuerySet) -> Iterator[Pair]:
    """Likely duplicate pairs among `persons` (say `Person.objects.current()`), each once,
    lower id first, organisation by organisation."""
    organisations = persons.order_by().values_list("organisation_id", flat=True).distinct()
    for organisation_id in sorted(organisations):
        rows = persons.filter(organisation_id=organisation_id).values_list(
            "pk", "name_key", "first_key", "last_key", "birth_date"
        )
        yield from _pairs(organisation_id, list(rows))


def _pairs(
    organisation_id: int, rows: list[tuple[int, str, str, str, date | None]]
) -> Iterator[Pair]:
    blocks: dict[tuple[str, object], list[int]] = {}
    for index, (_pk, name_key, first_key, last_key, birth_date) in enumerate(rows):
        keys: set[tuple[str, object]] = {("name", name_key)}
        keys |= {("skeleton", key) for key in (first_key, last_key) if key}
        if birth_date is not None:
            keys.add(("birth", birth_date))
        for key in keys:
            blocks.setdefault(key, []).append(index)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for a, b in combinations(members, 2):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            first, second = rows[a], rows[b]
            value = score_keys(first[1], first[4], second[1], second[4], cutoff=MATCH_THRESHOLD)
            if value >= MATCH_THRESHOLD:
                low, high = sorted((first[0], second[0]))
                yield Pair(organisation_id, low, high, value)
