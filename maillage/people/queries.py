"""Reads about persons shared by the people and casework views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from maillage.people.matching import full_name_key, score, skeleton
from maillage.people.models import Person

CANDIDATE_LIMIT = 300
MATCH_THRESHOLD = 75


@dataclass(frozen=True)
class Match:
    person: Person
    score: int


def find_duplicates(
    user: Any,
    *,
    first_name: str,
    last_name: str,
    birth_date: date | None = None,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Match]:
    """Likely existing files for a new entry, best first.

    One indexed query fetches candidates sharing a name skeleton (either order), the exact
    name key or the birth date; rapidfuzz scores them in Python.
    """
    keys = {k for k in (skeleton(first_name), skeleton(last_name)) if k}
    blocking = Q(name_key=full_name_key(first_name, last_name))
    if keys:
        blocking |= Q(first_key__in=keys) | Q(last_key__in=keys)
    if birth_date:
        blocking |= Q(birth_date=birth_date)
    candidates = (
        Person.objects.findable_by(user)
        .filter(blocking)
        .only("first_name", "last_name", "birth_date", "commune", "organisation")
        .select_related("commune")
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = [
        Match(person, value)
        for person in candidates[:CANDIDATE_LIMIT]
        if (
            value := score(
                first_name,
                last_name,
                birth_date,
                person.first_name,
                person.last_name,
                person.birth_date,
            )
        )
        >= MATCH_THRESHOLD
    ]
    matches.sort(key=lambda match: -match.score)
    return matches[:limit]
