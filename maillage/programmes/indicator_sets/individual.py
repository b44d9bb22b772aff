"""Indicators of the catalogue: individual and family follow-ups.

Requests, follow-ups and referrals each concern one young person or family: they are counted
as people (small cells suppressed). Interventions and their hours measure the team's work.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from maillage.casework.models import (
    FollowUp,
    Intervention,
    InterventionKind,
    Outcome,
    Referral,
    Request,
    Requester,
    RequestTheme,
    Theme,
)
from maillage.core import stats
from maillage.core.models import OrganisationKind
from maillage.programmes.indicator_sets.common import (
    choice_labels,
    hours,
    named_labels,
    scoped,
    span,
)
from maillage.programmes.indicators import Axis, Counts, Period, Scope, indicator


@indicator("individual.requests", label=_("Requests received"), axis=Axis.INDIVIDUAL)
def requests(scope: Scope, period: Period) -> Counts:
    """Requests received in the period (identified or anonymous), by who asked, by theme
    and by commune (the one an anonymous request gives, else the young person's). A request
    may have several themes: it counts once in each."""
    received = Request.objects.filter(scoped(scope), received_on__range=span(period))
    by_requester = stats.count_by(received, "requester")
    themes = RequestTheme.objects.filter(request__in=received.values("pk"))
    by_theme = stats.count_by(themes, "theme", distinct="request_id")
    names: dict[Any, str | None] = {}
    by_commune: dict[Any, int] = {}
    for row in (
        received.annotate(
            place=Coalesce("commune_id", "person__commune_id"),
            place_name=Coalesce("commune__name", "person__commune__name"),
        )
        .order_by()
        .values("place", "place_name")
        .annotate(n=Count("pk"))
    ):
        names[row["place"]] = row["place_name"]
        by_commune[row["place"]] = row["n"]
    return Counts(
        total=sum(by_requester.values()),
        breakdowns=[
            (_("By who asks"), by_requester, choice_labels(Requester, by_requester)),
            (_("By theme (a request may have several)"), by_theme, choice_labels(Theme)),
            (_("By commune"), by_commune, named_labels(names)),
        ],
    )


@indicator("individual.followups_opened", label=_("Follow-ups opened"), axis=Axis.INDIVIDUAL)
def followups_opened(scope: Scope, period: Period) -> Counts:
    """Follow-ups opened in the period, by who asked for help."""
    opened = FollowUp.objects.filter(scoped(scope, "request"), opened_on__range=span(period))
    by_requester = stats.count_by(opened, "request__requester")
    return Counts(
        total=sum(by_requester.values()),
        breakdowns=[(_("By who asks"), by_requester, choice_labels(Requester, by_requester))],
    )


@indicator("individual.followups_closed", label=_("Follow-ups closed"), axis=Axis.INDIVIDUAL)
def followups_closed(scope: Scope, period: Period) -> Counts:
    """Follow-ups closed in the period, by outcome."""
    closed = FollowUp.objects.filter(scoped(scope), closed_on__range=span(period))
    by_outcome = stats.count_by(closed, "outcome")
    return Counts(
        total=sum(by_outcome.values()),
        breakdowns=[(_("By outcome"), by_outcome, choice_labels(Outcome, by_outcome))],
    )


@indicator(
    "individual.interventions",
    label=_("Interventions"),
    axis=Axis.INDIVIDUAL,
    people=False,
)
def interventions(scope: Scope, period: Period) -> Counts:
    """Interventions (interviews, steps, visits) dated in the period, by kind."""
    done = Intervention.objects.filter(scoped(scope), date__range=span(period))
    by_kind = stats.count_by(done, "kind")
    return Counts(
        total=sum(by_kind.values()),
        breakdowns=[(_("By kind"), by_kind, choice_labels(InterventionKind, by_kind))],
    )


@indicator(
    "individual.intervention_hours",
    label=_("Hours of interventions"),
    axis=Axis.INDIVIDUAL,
    people=False,
)
def intervention_hours(scope: Scope, period: Period) -> Counts:
    """Hours of the interventions dated in the period, by kind (whole hours, half up; the
    total is rounded from the exact sum, so it may differ by an hour from the rows')."""
    rows = (
        Intervention.objects.filter(scoped(scope), date__range=span(period))
        .order_by()
        .values("kind")
        .annotate(minutes=Sum("duration_minutes"))
    )
    minutes = {row["kind"]: row["minutes"] or 0 for row in rows}
    by_kind = {kind: hours(m, per=60) for kind, m in minutes.items()}
    return Counts(
        total=hours(sum(minutes.values()), per=60),
        breakdowns=[(_("By kind"), by_kind, choice_labels(InterventionKind, by_kind))],
    )


@indicator("individual.referrals", label=_("Referrals"), axis=Axis.INDIVIDUAL)
def referrals(scope: Scope, period: Period) -> Counts:
    """Referrals sent in the period, by the kind of the organisation referred to."""
    rows = (
        Referral.objects.filter(scoped(scope), sent_on__range=span(period))
        .order_by()
        .values("to_organisation__kind")
        .annotate(n=Count("pk"))
    )
    by_kind = {row["to_organisation__kind"]: row["n"] for row in rows}
    return Counts(
        total=sum(by_kind.values()),
        breakdowns=[
            (_("By kind of destination"), by_kind, choice_labels(OrganisationKind, by_kind))
        ],
    )
