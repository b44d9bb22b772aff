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

from rapidfuzz import fuzz, process

from maillage.people.matching import BIRTH_BONUS, combined_score
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
    # Two persons born the same day meet in their birth-date block, where names need only
    # MATCH_THRESHOLD - BIRTH_BONUS; elsewhere they need MATCH_THRESHOLD (one birth date
    # unknown) or more (two different ones). A birth-date block too big to compare leaves its
    # members to the other blocks at the lower bar.
    crowded = {
        key[1] for key, members in blocks.items() if key[0] == "birth" and len(members) > MAX_BLOCK
    }
    found: set[tuple[int, int]] = set()
    for (kind, _key), members in blocks.items():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        names = [rows[m][1] for m in members]
        for i, a in enumerate(members[:-1]):
            birth = rows[a][4]
            bar = MATCH_THRESHOLD
            if kind == "birth" or birth in crowded:
                bar -= BIRTH_BONUS
            # The member against the later ones in one call, compared in C: only the names
            # that may reach the threshold come back, with the score `score_keys` starts from.
            close = process.extract(
                names[i], names[i + 1 :], scorer=fuzz.token_sort_ratio, score_cutoff=bar, limit=None
            )
            for _name, names_score, offset in sorted(close, key=lambda hit: hit[2]):
                b = members[i + 1 + offset]
                value = combined_score(names_score, birth, rows[b][4])
                if value >= MATCH_THRESHOLD and (a, b) not in found:
                    found.add((a, b))
                    low, high = sorted((rows[a][0], rows[b][0]))
                    yield Pair(organisation_id, low, high, value)
