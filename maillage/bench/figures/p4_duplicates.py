"""P4: the duplicate check of a new person (p95 <= 50 ms) and a full scan (<= 60 s)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from django.db.models import Count

from maillage.bench.options import Options
from maillage.bench.results import Row, Target
from maillage.people.duplicate_scan import duplicate_scan
from maillage.people.models import Person
from maillage.people.queries import find_duplicates_in


def _typo(name: str, rng: random.Random) -> str:
    """A name as someone may type it again: two neighbouring letters swapped."""
    if len(name) < 3:
        return name
    i = rng.randrange(len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _sample(ids: list[int], options: Options, rng: random.Random) -> list[Person]:
    """Persons to re-type, by identity only (their contact details stay encrypted)."""
    chosen = rng.sample(ids, min(options.lookups, len(ids)))
    return list(Person.objects.filter(pk__in=chosen).only("first_name", "last_name", "birth_date"))


def whole_database(options: Options) -> list[Row]:
    """The check against every current person of the database (the issue's "against
    500,000"; the product scopes it to one organisation)."""
    persons = Person.objects.current()
    total = persons.count()
    if not total:
        return []
    rng = random.Random(options.seed + 1)  # noqa: S311  (a sample)
    ids = list(persons.values_list("pk", flat=True))
    samples: list[float] = []
    for _ in range(options.runs):
        for person in _sample(ids, options, rng):
            began = time.perf_counter()
            find_duplicates_in(
                persons,
                first_name=_typo(person.first_name, rng),
                last_name=person.last_name,
                birth_date=person.birth_date,
            )
            samples.append((time.perf_counter() - began) * 1000)
    return [
        Row(
            "P4",
            "duplicate check against every person of the database",
            "ms",
            samples,
            Target("at_most", 50, on="p95"),
            note=f"against {total} persons",
        )
    ]


def run(options: Options, say: Callable[[str], None]) -> list[Row]:
    rows = []
    busiest = Person.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n")
    first = busiest.first()
    if first is None:
        rows.append(Row("P4", "duplicate check", "ms", skipped="no person in the data"))
    else:
        persons = Person.objects.filter(organisation_id=first["organisation_id"]).current()
        rng = random.Random(options.seed)  # noqa: S311  (a sample)
        ids = list(persons.values_list("pk", flat=True))
        samples: list[float] = []
        found = 0
        for _ in range(options.runs):
            for person in _sample(ids, options, rng):
                began = time.perf_counter()
                matches = find_duplicates_in(
                    persons,
                    first_name=_typo(person.first_name, rng),
                    last_name=person.last_name,
                    birth_date=person.birth_date,
                )
                samples.append((time.perf_counter() - began) * 1000)
                found += any(m.person.pk == person.pk for m in matches)
        rows.append(
            Row(
                "P4",
                "duplicate check of a new person (typo in the first name)",
                "ms",
                samples,
                Target("at_most", 50, on="p95"),
                note=f"against {first['n']} persons; the person found {found}/{len(samples)}",
            )
        )
    rows += whole_database(options)
    rows.append(full_scan(options, say))
    return rows


def full_scan(options: Options, say: Callable[[str], None]) -> Row:
    """`duplicate_scan` of every current person of the database, team by team."""
    persons = Person.objects.current()
    total = persons.count()
    samples: list[float] = []
    pairs = 0
    for _ in range(options.runs):
        began = time.perf_counter()
        pairs = sum(1 for _pair in duplicate_scan(persons))
        samples.append(time.perf_counter() - began)
        say(f"  full scan: {samples[-1]:.1f} s, {pairs} pairs")
    return Row(
        "P4",
        "full duplicate scan (people.duplicate_scan)",
        "s",
        samples,
        Target("at_most", 60.0),
        note=f"{total} persons, {pairs} likely pairs",
    )
