"""Reads of the ESF+ participant records: the list, the results due, and the anonymised
ESF+ table the programmes' reports use. Each in a constant number of queries."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from maillage.core import stats
from maillage.schooling.esf import FOUR_WEEKS, RESULT_FLAGS, add_months, result_due_on
from maillage.schooling.models import (
    AgeBand,
    EsfGender,
    Isced,
    LabourStatus,
    Participant,
    ParticipantResult,
    ResultMoment,
)
from maillage.schooling.models.esf import SensitiveAnswer, SensitiveItem

# Results due within this many days are listed with the overdue ones.
DUE_SOON_DAYS = 14
# The result moments in URLs, in French like the rest of the paths.
MOMENT_SLUGS = {"4-semaines": ResultMoment.WEEKS_4, "6-mois": ResultMoment.MONTHS_6}
SLUG_OF: dict[str, str] = {moment: slug for slug, moment in MOMENT_SLUGS.items()}


def participant_rows(user: Any, *, state: str = "") -> QuerySet[Participant]:
    """The participants the user may see, newest entries first; `state` "open" or "exited"."""
    rows = Participant.objects.visible_to(user).select_related("person")
    if state == "open":
        rows = rows.filter(exited_on__isnull=True)
    elif state == "exited":
        rows = rows.filter(exited_on__isnull=False)
    # The sensitive column is never read for a list.
    return rows.defer("sensitive_items").order_by("-entered_on", "-pk")


def participant_results(participant: Participant) -> list[ParticipantResult]:
    return list(participant.results.order_by("-exit_on", "moment"))


@dataclass(frozen=True)
class DueResult:
    participant: Participant
    moment: str
    due_on: date
    overdue: bool

    @property
    def moment_label(self) -> str:
        return str(ResultMoment(self.moment).label)

    @property
    def url(self) -> str:
        return reverse(
            "schooling:participant_result",
            kwargs={"pk": self.participant.pk, "moment": SLUG_OF[self.moment]},
        )


def results_due(user: Any, *, today: date | None = None) -> list[DueResult]:
    """The 4-week and 6-month results not yet recorded for the last exit of each
    participant, due by `today` + DUE_SOON_DAYS, by due date (the overdue ones first).

    One query: the cut-off exit dates are computed here, so the database compares plain
    dates on both engines.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    cut_4w = horizon - FOUR_WEEKS
    # A few days of margin for the month ends (31 August + 6 months = 28 February); the
    # exact due date is checked below.
    cut_6m = add_months(horizon, -6) + timedelta(days=3)

    def recorded(moment: str) -> Exists:
        return Exists(
            ParticipantResult.objects.filter(
                participant=OuterRef("pk"), exit_on=OuterRef("exited_on"), moment=moment
            )
        )

    rows = (
        Participant.objects.visible_to(user)
        .filter(exited_on__isnull=False)
        .annotate(has_4w=recorded(ResultMoment.WEEKS_4), has_6m=recorded(ResultMoment.MONTHS_6))
        .filter(Q(has_4w=False, exited_on__lte=cut_4w) | Q(has_6m=False, exited_on__lte=cut_6m))
        .select_related("person")
        .defer("sensitive_items")
    )
    due: list[DueResult] = []
    for participant in rows:
        assert participant.exited_on is not None
        for moment, done in (
            (ResultMoment.WEEKS_4, getattr(participant, "has_4w")),  # noqa: B009
            (ResultMoment.MONTHS_6, getattr(participant, "has_6m")),  # noqa: B009
        ):
            on = result_due_on(participant.exited_on, moment)
            if not done and on <= horizon:
                due.append(DueResult(participant, moment, on, on < today))
    due.sort(key=lambda d: (d.due_on, d.participant.person.last_name, d.participant.pk))
    return due


@dataclass(frozen=True)
class EsfTable:
    """The ESF+ counts of a period, each table suppressed by the statistics layer."""

    period_start: date
    period_end: date
    entries: stats.Table  # by gender, with the total
    by_age_band: stats.Table
    by_labour_status: stats.Table
    by_isced: stats.Table
    gender_by_age_band: stats.Table  # keys (gender label, age band label)
    exits: stats.Table  # by gender
    results_4_weeks: stats.Table  # by result
    results_6_months: stats.Table
    results_at_exit: stats.Table
    sensitive_yes: stats.Table  # participants answering "yes", by item
    sensitive_consented: stats.Cell


def _label(choices: Any) -> Any:
    return lambda code: choices(code).label


def esf_table(user: Any, *, period_start: date, period_end: date) -> EsfTable:
    """The ESF+ counts of the user's organisation for the period: participants entering
    (their first entry: re-entries are not counted again) by gender, age band, labour-market
    status and education level; exits; results at exit, 4 weeks and 6 months after for the
    participants who left in the period; the sensitive items in aggregate only.

    Every figure goes through `core.stats` (small cells suppressed). Four queries.
    """
    participants = Participant.objects.of_organisation(user)
    entered = participants.filter(entered_on__range=(period_start, period_end))
    cube: Counter[tuple[str, str, str, str]] = Counter()
    for row in (
        entered.order_by()
        .values("gender", "age_band", "labour_status", "isced")
        .annotate(n=Count("pk"))
    ):
        cube[(row["gender"], row["age_band"], row["labour_status"], row["isced"])] += row["n"]

    def margin(*axes: int) -> dict[Any, int]:
        counts: Counter[Any] = Counter()
        for key, n in cube.items():
            picked = tuple(key[a] for a in axes)
            counts[picked if len(picked) > 1 else picked[0]] += n
        return dict(counts)

    # Each exit leaves its "at exit" result row, which a re-entry keeps: the exits of the
    # period are counted from them, once per participant.
    leavers = ParticipantResult.objects.filter(
        participant__in=participants.values("pk"), exit_on__range=(period_start, period_end)
    )
    exits = stats.count_by(
        leavers.filter(moment=ResultMoment.EXIT), "participant__gender", distinct="participant"
    )
    aggregates = {
        f"{moment}:{flag}": Count(
            "participant", distinct=True, filter=Q(moment=moment, **{flag: True})
        )
        for moment in ResultMoment.values
        for flag in RESULT_FLAGS
    }
    totals = leavers.aggregate(**aggregates) if aggregates else {}

    def results(moment: str) -> stats.Table:
        labels = {
            "in_education_or_training": ParticipantResult._meta.get_field(
                "in_education_or_training"
            ).verbose_name,
            "qualification_gained": ParticipantResult._meta.get_field(
                "qualification_gained"
            ).verbose_name,
            "employed": ParticipantResult._meta.get_field("employed").verbose_name,
            "job_searching": ParticipantResult._meta.get_field("job_searching").verbose_name,
        }
        counts = {flag: totals.get(f"{moment}:{flag}") or 0 for flag in RESULT_FLAGS}
        return stats.table(counts, labels=RESULT_FLAGS).relabel(lambda f: labels[f])

    # Encrypted: counted here, after decryption, and only the counts leave this function.
    yes: Counter[str] = Counter()
    consented = 0
    for token in entered.filter(sensitive_consent_on__isnull=False).values_list(
        "sensitive_items", flat=True
    ):
        if not token:
            continue
        consented += 1
        for item, answer in json.loads(token).items():
            if answer == SensitiveAnswer.YES:
                yes[item] += 1

    genders = EsfGender.values
    return EsfTable(
        period_start=period_start,
        period_end=period_end,
        entries=stats.table(margin(0), labels=genders).relabel(_label(EsfGender)),
        by_age_band=stats.table(margin(1), labels=AgeBand.values).relabel(_label(AgeBand)),
        by_labour_status=stats.table(margin(2), labels=LabourStatus.values).relabel(
            _label(LabourStatus)
        ),
        by_isced=stats.table(margin(3), labels=Isced.values).relabel(_label(Isced)),
        gender_by_age_band=stats.table(
            margin(0, 1), labels=[(g, a) for g in genders for a in AgeBand.values]
        ).relabel(lambda key: (EsfGender(key[0]).label, AgeBand(key[1]).label)),
        exits=stats.table(exits, labels=genders).relabel(_label(EsfGender)),
        results_at_exit=results(ResultMoment.EXIT),
        results_4_weeks=results(ResultMoment.WEEKS_4),
        results_6_months=results(ResultMoment.MONTHS_6),
        sensitive_yes=stats.table(dict(yes), labels=SensitiveItem.values).relabel(
            _label(SensitiveItem)
        ),
        sensitive_consented=stats.cell(consented),
    )
