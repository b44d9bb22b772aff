"""Indicators of the catalogue: school attendance and dropout (signals, ESF+ tables).

The ESF+ tables are made here, once, for any scope (an organisation, a programme's
organisations): entries are first entries (a re-entry keeps the first entry's data and is not
counted again), exits and results are read from the results recorded for the exits of the
period, once per participant; the sensitive items only as counts of "yes" among those who
consented to give them.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from maillage.core import stats
from maillage.programmes.indicator_sets.common import choice_labels, margins, scoped, span
from maillage.programmes.indicators import Axis, Counts, Period, Scope, indicator
from maillage.schooling.esf import RESULT_FLAGS
from maillage.schooling.models import (
    AgeBand,
    EsfGender,
    Isced,
    LabourStatus,
    Participant,
    ParticipantResult,
    ResultMoment,
    Signal,
    SignalSource,
    SignalStatus,
)
from maillage.schooling.models.esf import SensitiveAnswer, SensitiveItem


@indicator("schooling.signals", label=_("Signals raised"), axis=Axis.SCHOOLING)
def signals(scope: Scope, period: Period) -> Counts:
    """Signals raised in the period (by an absence threshold or by hand), by source."""
    raised = Signal.objects.filter(scoped(scope), raised_on__range=span(period))
    by_source = stats.count_by(raised, "source")
    return Counts(
        total=sum(by_source.values()),
        breakdowns=[(_("By source"), by_source, choice_labels(SignalSource))],
    )


@indicator("schooling.signals_resolved", label=_("Signals resolved"), axis=Axis.SCHOOLING)
def signals_resolved(scope: Scope, period: Period) -> Counts:
    """Signals resolved in the period, whenever they were raised: turned into a follow-up
    opened in the period, or closed in the period; by how."""
    within = span(period)
    resolved = Signal.objects.filter(scoped(scope)).filter(
        Q(status=SignalStatus.FOLLOWED_UP, followup__opened_on__range=within)
        | Q(status=SignalStatus.CLOSED, closed_on__range=within)
    )
    by_status = stats.count_by(resolved, "status")
    labels = {
        SignalStatus.FOLLOWED_UP.value: SignalStatus.FOLLOWED_UP.label,
        SignalStatus.CLOSED.value: SignalStatus.CLOSED.label,
    }
    return Counts(total=sum(by_status.values()), breakdowns=[(_("By outcome"), by_status, labels)])


@indicator("schooling.esf_entries", label=_("ESF+ participants entering"), axis=Axis.SCHOOLING)
def esf_entries(scope: Scope, period: Period) -> Counts:
    """ESF+ participants whose (first) entry is in the period, by gender, age band,
    labour-market status and education level (ISCED) at entry, and gender × age band."""
    rows = (
        Participant.objects.filter(scoped(scope), entered_on__range=span(period))
        .order_by()
        .values("gender", "age_band", "labour_status", "isced")
        .annotate(n=Count("pk"))
    )
    cube: Counter[tuple[Any, ...]] = Counter()
    for r in rows:
        cube[(r["gender"], r["age_band"], r["labour_status"], r["isced"])] += r["n"]
    crossed = {
        (g, a): f"{EsfGender(g).label} · {AgeBand(a).label}"
        for g in EsfGender.values
        for a in AgeBand.values
    }
    return Counts(
        total=sum(cube.values()),
        breakdowns=[
            (_("By gender"), margins(cube, 0), choice_labels(EsfGender)),
            (_("By age at entry"), margins(cube, 1), choice_labels(AgeBand)),
            (_("By labour-market status"), margins(cube, 2), choice_labels(LabourStatus)),
            (_("By education level"), margins(cube, 3), choice_labels(Isced)),
            (_("By gender and age at entry"), margins(cube, 0, 1), crossed),
        ],
    )


def _leavers(scope: Scope, period: Period) -> Any:
    """The results recorded for the exits of the period."""
    return ParticipantResult.objects.filter(scoped(scope), exit_on__range=span(period))


@indicator("schooling.esf_exits", label=_("ESF+ participants leaving"), axis=Axis.SCHOOLING)
def esf_exits(scope: Scope, period: Period) -> Counts:
    """ESF+ participants who left in the period (each exit leaves its "at exit" result),
    once per participant, by gender."""
    exits = stats.count_by(
        _leavers(scope, period).filter(moment=ResultMoment.EXIT),
        "participant__gender",
        distinct="participant",
    )
    total = (
        _leavers(scope, period)
        .filter(moment=ResultMoment.EXIT)
        .aggregate(n=Count("participant", distinct=True))["n"]
    )
    return Counts(total=total or 0, breakdowns=[(_("By gender"), exits, choice_labels(EsfGender))])


def _results(scope: Scope, period: Period, moment: str) -> Counts:
    """Participants who left in the period with a result recorded at `moment`, and how
    many of them were in each situation (a participant may be in several)."""
    aggregates: dict[str, Any] = {
        flag: Count("participant", distinct=True, filter=Q(**{flag: True})) for flag in RESULT_FLAGS
    }
    totals = (
        _leavers(scope, period)
        .filter(moment=moment)
        .aggregate(all=Count("participant", distinct=True), **aggregates)
    )
    labels = {
        flag: getattr(ParticipantResult._meta.get_field(flag), "verbose_name", flag)
        for flag in RESULT_FLAGS
    }
    counts = {flag: totals[flag] or 0 for flag in RESULT_FLAGS}
    return Counts(
        total=totals["all"] or 0,
        breakdowns=[(_("By situation (a participant may be in several)"), counts, labels)],
    )


@indicator(
    "schooling.esf_results_4_weeks",
    label=_("ESF+ results 4 weeks after exit"),
    axis=Axis.SCHOOLING,
)
def esf_results_4_weeks(scope: Scope, period: Period) -> Counts:
    """Results 4 weeks after the exits of the period (see `_results`)."""
    return _results(scope, period, ResultMoment.WEEKS_4)


@indicator(
    "schooling.esf_results_6_months",
    label=_("ESF+ results 6 months after exit"),
    axis=Axis.SCHOOLING,
)
def esf_results_6_months(scope: Scope, period: Period) -> Counts:
    """Results 6 months after the exits of the period (see `_results`)."""
    return _results(scope, period, ResultMoment.MONTHS_6)


@indicator(
    "schooling.esf_results_at_exit",
    label=_("ESF+ results at exit"),
    axis=Axis.SCHOOLING,
)
def esf_results_at_exit(scope: Scope, period: Period) -> Counts:
    """Results recorded at the exits of the period (see `_results`)."""
    return _results(scope, period, ResultMoment.EXIT)


@indicator(
    "schooling.esf_sensitive_items",
    label=_("ESF+ entrants who consented to the sensitive items"),
    axis=Axis.SCHOOLING,
)
def esf_sensitive_items(scope: Scope, period: Period) -> Counts:
    """Entrants of the period who gave the sensitive items with their own consent, and how
    many answered "yes" to each. The answers are encrypted: they are read here and only the
    counts leave (one query, over the consenting entrants of the period)."""
    yes: Counter[str] = Counter()
    consented = 0
    for token in Participant.objects.filter(
        scoped(scope), entered_on__range=span(period), sensitive_consent_on__isnull=False
    ).values_list("sensitive_items", flat=True):
        if not token:
            continue
        consented += 1
        for item, answer in json.loads(token).items():
            if answer == SensitiveAnswer.YES:
                yes[item] += 1
    return Counts(
        total=consented,
        breakdowns=[
            (
                _("Answering yes, by item (a participant may answer yes to several)"),
                dict(yes),
                choice_labels(SensitiveItem),
            )
        ],
    )
