"""Sector-size synthetic data for benchmarks: `seed_sector(scale=1.0, seed=…)`.

At scale 1 ("full"): ~300 organisations, ~5,000 workers, 500,000 young people, ~2M
interventions, ~10M attendance rows, ~7M absence half-days (../shared/DOMAIN.md). Fractions
keep the ratios. Same seed and scale, same rows (ids included, on a database whose tables
start empty or hold the same rows); only ciphertexts differ, Fernet drawing a fresh IV each
time: a handful of fixed texts are encrypted once per run and their tokens reused.

How it writes: PostgreSQL `COPY … FROM STDIN` (psycopg 3, `write_row`) fed by generators,
SQLite batched `executemany`. Ids are assigned in Python from each table's largest id, and
the identity sequences moved past them afterwards (`setval`), so children refer to parents
without reading them back. One transaction per table (see `sector_copy.Writer`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from maillage.core.communes import ensure_brussels_communes
from maillage.core.models import Commune, Organisation
from maillage.demo import sector_rows as rows
from maillage.demo import sector_rows_groups as groups
from maillage.demo.sector_copy import Progress, Row, Writer, next_id
from maillage.demo.sector_plan import ANCHOR, SLUG_PREFIX, Names, Plan, Tokens
from maillage.schooling.school_years import current_school_year

__all__ = ["ANCHOR", "SectorResult", "sector_exists", "seed_sector"]


@dataclass
class SectorResult:
    created: bool = True
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


def sector_exists() -> bool:
    return Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def seed_sector(*, scale: float, seed: int, progress: Progress | None = None) -> SectorResult:
    """Generate the sector; refuses (created=False) if this database already holds one."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    if sector_exists():
        return SectorResult(created=False)
    ensure_brussels_communes(Commune)
    communes = list(Commune.objects.order_by("name").values_list("pk", flat=True))
    plan = Plan.at(scale, seed)
    year = current_school_year(ANCHOR)
    context = rows.Context(plan, Names.make(seed), Tokens.make(), communes)
    steps: list[tuple[str, Callable[[], Iterator[Row]]]] = [
        ("core_organisation", lambda: rows.organisations(context)),
        ("schooling_school", lambda: rows.schools(context)),
        ("core_user", lambda: rows.users(context)),
        ("core_membership", lambda: rows.memberships(context)),
        ("people_person", lambda: rows.persons(context)),
        ("casework_request", lambda: rows.requests(context)),
        ("casework_requesttheme", lambda: rows.request_themes(context)),
        ("casework_followup", lambda: rows.followups(context)),
        ("casework_assignment", lambda: rows.assignments(context)),
        ("casework_intervention", lambda: rows.interventions(context)),
        ("activities_activity", lambda: groups.activities(context)),
        ("activities_activity_staff", lambda: groups.activity_staff(context)),
        ("activities_session", lambda: groups.sessions(context)),
        ("activities_registration", lambda: groups.registrations(context)),
        ("activities_attendance", lambda: groups.attendances(context)),
        ("schooling_enrolment", lambda: groups.enrolments(context, year.pk)),
        ("schooling_absence", lambda: groups.absences(context, year.pk, year.starts_on)),
    ]
    # Every first id is known before writing: children point at parents not yet written.
    plan.base = {table: next_id(table) for table, _make in steps}
    writer = Writer(progress)
    for table, make in steps:
        writer.write(table, rows.COLUMNS[table], make())
    return SectorResult(counts=writer.counts, seconds=writer.seconds)
