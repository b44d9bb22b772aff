"""The shape of the synthetic sector: sizes at a scale, id ranges, names and fixed texts.

Every entity draws from its own `random.Random` seeded from (seed, kind, index), so a table
can be generated in one pass and its children in another without keeping the parents in
memory: the child pass recomputes the parent's plan, which is cheap and always the same.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache

from faker import Faker

from maillage.core.crypto import encrypt
from maillage.people.matching import full_name_key, normalise, skeleton

# Everything is dated from this day, never from today: the same seed gives the same rows.
ANCHOR = dt.date(2026, 11, 27)
ANCHOR_TIME = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
SLUG_PREFIX = "secteur-"

# The sector at scale 1 (../shared/DOMAIN.md): per-parent sizes below are fixed, so every
# scale keeps the ratios (~2M interventions, ~10M attendance rows, ~7M absence half-days).
FULL = {
    "teams": 200,  # AMO, youth centres, neighbourhood houses… (own the young people)
    "schools": 100,
    "workers": 5_000,
    "persons": 500_000,
    "requests": 150_000,
    "activities": 8_000,
    "enrolments": 300_000,
}
ANONYMOUS_SHARE = 0.2  # requests recorded anonymously: no person, no follow-up
INTERVENTIONS = (5, 28)  # per follow-up: ~16.5 on average
SESSIONS = (30, 70)  # per activity: ~50
REGISTRATIONS = (15, 35)  # per activity: ~25, each attending every session
ABSENCE_MEAN = 23.8  # half-days per enrolment (exponential, capped by the school days)

# Synthetic texts, encrypted once and reused: the fields hold valid ciphertext.
NOTES = [
    "Échange sur la situation scolaire ; le jeune souhaite changer d'option.",
    "Entretien avec la maman : tensions à la maison depuis la rentrée.",
    "Accompagnement au CPAS pour la demande d'aide, dossier complet.",
    "Le jeune ne s'est pas présenté ; message laissé.",
    "Préparation de l'entretien d'embauche pour le job étudiant.",
]
SUMMARIES = [
    "Demande d'aide pour l'inscription scolaire.",
    "Conflit familial, le jeune souhaite en parler.",
    "Recherche d'un logement, orientation demandée.",
]
NEXT_STEPS = ["Rappeler la semaine prochaine", "Rendez-vous au CPMS", "Préparer le dossier"]
CLOSE_REASONS = ["Objectif atteint, fin de l'accompagnement à la demande du jeune."]
PHONES = ["0470 00 00 00", "0480 11 22 33", "0490 12 34 56"]


def rng_for(seed: int, kind: int, index: int) -> random.Random:
    """The generator of one entity: independent of every other entity and of the order."""
    return random.Random((seed << 40) ^ (kind << 32) ^ index)


@dataclass(frozen=True)
class Tokens:
    empty: str
    notes: tuple[str, ...]
    summaries: tuple[str, ...]
    next_steps: tuple[str, ...]
    close_reasons: tuple[str, ...]
    phones: tuple[str, ...]

    @classmethod
    def make(cls) -> Tokens:
        def enc(texts: list[str]) -> tuple[str, ...]:
            return tuple(encrypt(t) for t in texts)

        return cls(
            encrypt(""),
            enc(NOTES),
            enc(SUMMARIES),
            enc(NEXT_STEPS),
            enc(CLOSE_REASONS),
            enc(PHONES),
        )


@dataclass(frozen=True)
class Names:
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]

    @classmethod
    def make(cls, seed: int) -> Names:
        fake = Faker("fr_BE")
        fake.seed_instance(seed)

        def unique(draw: list[str]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(draw))

        return cls(
            unique([fake.first_name_female() for _ in range(150)]),
            unique([fake.first_name_male() for _ in range(150)]),
            unique([fake.last_name() for _ in range(400)]),
        )


@lru_cache(maxsize=65_536)
def keys(first: str, last: str) -> tuple[str, str, str]:
    """(name_key, first_key, last_key), as `Person.refresh_keys` computes them."""
    return full_name_key(first, last), skeleton(first), skeleton(last)


@lru_cache(maxsize=4_096)
def ascii_slug(text: str) -> str:
    return normalise(text).replace(" ", "-")


def school_days(starts_on: dt.date, until: dt.date) -> list[tuple[dt.date, str]]:
    """Half-days of school from the first day to `until`: weekdays, no Wednesday afternoon."""
    slots: list[tuple[dt.date, str]] = []
    day = starts_on
    while day <= until:
        if day.weekday() < 5:
            slots.append((day, "am"))
            if day.weekday() != 2:
                slots.append((day, "pm"))
        day += dt.timedelta(days=1)
    return slots


@dataclass
class Plan:
    """Sizes and the first id of every table, for one (scale, seed)."""

    scale: float
    seed: int
    teams: int = 0
    schools: int = 0
    workers: int = 0
    persons: int = 0
    requests: int = 0
    activities: int = 0
    enrolments: int = 0
    base: dict[str, int] = field(default_factory=dict)

    @classmethod
    def at(cls, scale: float, seed: int) -> Plan:
        def n(key: str) -> int:
            return max(1, round(FULL[key] * scale))

        plan = cls(scale, seed)
        for key in FULL:
            setattr(plan, key, n(key))
        # Each team needs a coordinator, a director and a field worker; each school two staff.
        plan.workers = max(plan.workers, 2 * plan.schools + 3 * plan.teams)
        plan.enrolments = min(plan.enrolments, plan.persons)
        return plan

    # Organisations: teams first, then schools. Entity i of a kind belongs to team i % teams.
    def team_org(self, team: int) -> int:
        return self.base["core_organisation"] + team

    def school_org(self, school: int) -> int:
        return self.base["core_organisation"] + self.teams + school

    def team_persons(self, team: int) -> int:
        return len(range(team, self.persons, self.teams))

    def person_id(self, team: int, k: int) -> int:
        return self.base["people_person"] + team + k * self.teams

    # Workers: two per school first, then round robin over the teams; in a team the first is
    # its coordinator, the second its director, the others field workers.
    def team_user(self, team: int, k: int) -> int:
        return self.base["core_user"] + 2 * self.schools + team + k * self.teams

    def field_workers(self, team: int) -> int:
        return len(range(2 * self.schools + team, self.workers, self.teams)) - 2

    def field_worker(self, team: int, rng: random.Random) -> int:
        return self.team_user(team, 2 + rng.randrange(self.field_workers(team)))
