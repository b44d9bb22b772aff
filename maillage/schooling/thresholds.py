"""Threshold rules and the recompute that turns unjustified half-days into signals.

The recompute is one INSERT … SELECT: a window numbers each pupil's unjustified half-days in
a school year by date, and the half-day whose number equals a rule's threshold raises that
rule's signal if, on its date, the pupil is one the rule applies to (age taken on the day of
that absence; the degree from the enrolment of that absence). A rule's signal is raised once
per pupil and school year: the insert skips a signal its unique constraint already holds,
so running it again (or twice at once) changes nothing. The same statement serves one
organisation (after an import or a rule's change) and the whole sector at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.models import Organisation
from maillage.people.models import Person
from maillage.schooling.models import (
    Absence,
    AbsenceStatus,
    Enrolment,
    Signal,
    SignalSource,
    SignalStatus,
    ThresholdRule,
)

ADULT_AGE = 18


def default_rules() -> list[dict[str, Any]]:
    """The FWB decree's thresholds, in French as the administrator will read and edit them."""
    return [
        {
            "label": _("Duty to signal (minor pupil)"),
            "half_days": 9,
            "applies_to_minors": True,
            "consequence": _(
                "The school signals the pupil to the administration (DGEO) and calls in the "
                "legal guardians."
            ),
        },
        {
            "label": _("Loss of regular-pupil status"),
            "half_days": 20,
            "applies_to_adults": True,
            "from_degree": 2,
            "consequence": _(
                "A pupil of age or of the 2nd or 3rd degree loses regular-pupil status; a pupil "
                "of age may be excluded."
            ),
        },
    ]


def ensure_default_rules(organisation_id: int) -> None:
    """Give an organisation the decree's rules the first time it needs rules."""
    with transaction.atomic():
        if not ThresholdRule.objects.filter(organisation_id=organisation_id).exists():
            ThresholdRule.objects.bulk_create(
                ThresholdRule(organisation_id=organisation_id, **values)
                for values in default_rules()
            )


def _ensure_default_rules_everywhere() -> None:
    """The decree's rules for every organisation with pupils and no rules yet (one insert)."""
    with transaction.atomic():
        missing = (
            Organisation.objects.filter(
                Exists(Enrolment.objects.filter(organisation=OuterRef("pk")))
            )
            .exclude(Exists(ThresholdRule.objects.filter(organisation=OuterRef("pk"))))
            .values_list("pk", flat=True)
        )
        ThresholdRule.objects.bulk_create(
            ThresholdRule(organisation_id=organisation_id, **values)
            for organisation_id in missing
            for values in default_rules()
        )


def _adult_on_date(person: str, day: str) -> str:
    """SQL: the person had turned 18 on that day (unknown birth dates count as minors)."""
    if connection.vendor == "postgresql":
        return f"({person}.birth_date <= {day} - interval '{ADULT_AGE} years')"
    return f"({person}.birth_date <= date({day}, '-{ADULT_AGE} years'))"


def thresholds_recompute(
    *, organisation_id: int | None, school_year_ids: Iterable[int] | None = None
) -> int:
    """Raise the signals of every rule crossed in the organisation (in every organisation
    with pupils for None: the sector's rebuild), in these school years (all for None);
    returns how many new signals were raised."""
    years = sorted(set(school_year_ids)) if school_year_ids is not None else None
    if years == []:
        return 0
    with transaction.atomic():
        rules = ThresholdRule.objects.filter(is_active=True)
        if organisation_id is None:
            _ensure_default_rules_everywhere()
        else:
            ensure_default_rules(organisation_id)
            rules = rules.filter(organisation_id=organisation_id)
        active = list(rules.values_list(*_RULE_COLUMNS))
        if not active:
            return 0
        sql, params = _recompute_sql(organisation_id, years, active)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            raised: int = max(cursor.rowcount, 0)
    return raised


_RULE_COLUMNS = (
    "id",
    "organisation_id",
    "half_days",
    "applies_to_minors",
    "applies_to_adults",
    "from_degree",
)


def _rules_sql(active: list[tuple[Any, ...]]) -> str:
    """The active rules as a VALUES list, written from the rows just read (ids, numbers and
    booleans). PostgreSQL then knows how many there are: the rules a recompute has just
    created are not in its statistics, and it joined 402 rules to every crossing in a loop."""

    def row(id_: int, org: int, half_days: int, minors: bool, adults: bool, degree: Any) -> str:
        flags = ", ".join("TRUE" if flag else "FALSE" for flag in (minors, adults))
        degree_sql = "NULL" if degree is None else str(int(degree))
        return f"({int(id_)}, {int(org)}, {int(half_days)}, {flags}, CAST({degree_sql} AS INTEGER))"

    return ", ".join(row(*rule) for rule in active)


def _recompute_sql(
    organisation_id: int | None, years: list[int] | None, active: list[tuple[Any, ...]]
) -> tuple[str, list[Any]]:
    q = connection.ops.quote_name
    absence, signal = q(Absence._meta.db_table), q(Signal._meta.db_table)
    enrolment, person = q(Enrolment._meta.db_table), q(Person._meta.db_table)
    where = "status = %s"
    params: list[Any] = [SignalSource.THRESHOLD, SignalStatus.NEW, timezone.now()]
    params.append(AbsenceStatus.UNJUSTIFIED)
    if organisation_id is not None:
        where += " AND organisation_id = %s"
        params.append(organisation_id)
    if years:
        where += f" AND school_year_id IN ({', '.join(['%s'] * len(years))})"
        params += years
    adult = _adult_on_date("p", "a.date")
    # The thresholds are written into the statement, not passed as parameters: with
    # `n <= highest` in sight, PostgreSQL stops numbering a pupil's half-days past the highest
    # threshold (a run condition of the window) instead of carrying them up to the filter.
    thresholds = sorted({int(rule[2]) for rule in active})
    wanted, highest = ", ".join(map(str, thresholds)), thresholds[-1]
    # A degree from_degree starts at grade 2 × degree − 1 (1st: 1-2, 2nd: 3-4, 3rd: 5-7).
    # Numbering by organisation, school year then pupil follows the index
    # absence_unjustified_idx (organisation, school_year, person, date, half_day, enrolment),
    # so the window reads that index alone, in its order, without a sort.
    # The statement starts with INSERT: Python's sqlite3 counts the rows written only by a
    # statement that starts so. Signals already raised are skipped by the unique constraint's
    # own index (ON CONFLICT), not by a NOT EXISTS that the planner may send to another index
    # of signals: with few signals in its statistics it chose the school year's, which a
    # rolled-back sector recompute fills with 170,000 dead entries that every probe read.
    sql = f"""
        INSERT INTO {signal} (organisation_id, person_id, source, school_id, rule_id,
            school_year_id, half_days, raised_on, details, status, close_reason, created_at)
        WITH r (id, organisation_id, half_days, applies_to_minors, applies_to_adults,
            from_degree) AS (VALUES {_rules_sql(active)})
        SELECT r.organisation_id, a.person_id, %s, e.school_id, r.id, a.school_year_id,
            r.half_days, a.date, NULL, %s, '', %s
        FROM (
            SELECT organisation_id, school_year_id, person_id, enrolment_id, date,
                ROW_NUMBER() OVER (
                    PARTITION BY organisation_id, school_year_id, person_id
                    ORDER BY date, half_day
                ) AS n
            FROM {absence}
            WHERE {where}
        ) a
        JOIN r ON r.organisation_id = a.organisation_id AND r.half_days = a.n
        JOIN {enrolment} e ON e.id = a.enrolment_id
        JOIN {person} p ON p.id = a.person_id
        WHERE a.n IN ({wanted}) AND a.n <= {highest}
        AND (
            (r.applies_to_minors AND NOT COALESCE({adult}, FALSE))
            OR (r.applies_to_adults AND COALESCE({adult}, FALSE))
            OR (r.from_degree IS NOT NULL AND e.grade >= 2 * r.from_degree - 1)
        )
        ON CONFLICT (organisation_id, person_id, school_year_id, rule_id)
            WHERE rule_id IS NOT NULL DO NOTHING
    """  # noqa: S608 (identifiers are quoted model tables; values are parameters or numbers)
    return sql, params
