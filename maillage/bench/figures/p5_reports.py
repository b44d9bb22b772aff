"""P5: a yearly funder report's data (<= 2 s) and each dashboard (<= 300 ms)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.db.models import Count

from maillage.bench.context import Actor
from maillage.bench.options import Options
from maillage.bench.picks import data_day, member_of, pick
from maillage.bench.results import Row, Target
from maillage.core.dashboards import HOME_PANELS, dashboard_for
from maillage.core.models import Membership
from maillage.core.roles import Role
from maillage.programmes import report_data
from maillage.programmes.indicators import Period
from maillage.programmes.models import Programme


def _timed(work: Callable[[], object], runs: int) -> list[float]:
    work()  # warm-up
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def report_rows(options: Options) -> list[Row]:
    programme = (
        Programme.objects.annotate(n=Count("projects", distinct=True))
        .select_related("organisation")
        .order_by("-n", "pk")
        .first()
    )
    if programme is None:
        return [Row("P5", "yearly funder report (data)", "s", skipped="no programme in the data")]
    last = data_day()
    period = Period(last - timedelta(days=364), last)

    def build() -> object:
        return report_data.build(
            organisation=programme.organisation, programme=programme, period=period
        )

    samples = [ms / 1000 for ms in _timed(build, options.runs)]
    return [
        Row(
            "P5",
            "yearly funder report (report_data.build, last 12 months)",
            "s",
            samples,
            Target("at_most", 2.0),
            note=f"programme “{programme.title}”, the one with the most funded projects",
        )
    ]


def dashboard_rows(options: Options) -> list[Row]:
    rows = []
    busiest = pick().worker
    organisation_id = busiest.organisation.pk if busiest else None
    for role in Role:
        actor: Actor | None = None
        if organisation_id is not None:
            actor = member_of(organisation_id, [role])
        if actor is None:
            membership = (
                Membership.objects.filter(role=role, is_active=True)
                .select_related("user", "organisation")
                .order_by("pk")
                .first()
            )
            actor = Actor(membership.user, membership.organisation) if membership else None
        label = f"home dashboard, {role.label}"
        if actor is None:
            rows.append(Row("P5", label, "ms", skipped="no member with this role"))
            continue
        request = actor.request()
        samples = _timed(partial(dashboard_for, request), options.runs)
        rows.append(
            Row(
                "P5",
                label,
                "ms",
                samples,
                Target("at_most", 300),
                note=f"{actor.organisation.name}",
            )
        )
    if busiest is not None:
        request = busiest.request()
        for provider in HOME_PANELS:
            name = f"{provider.__module__.rsplit('.', 1)[0]}.{provider.__name__}"
            shown = provider(request) is not None
            samples = _timed(partial(provider, request), options.runs)
            rows.append(
                Row(
                    "P5",
                    f"home panel {name}",
                    "ms",
                    samples,
                    Target("at_most", 300) if shown else None,
                    note="for the busiest worker" + ("" if shown else " (not shown to them)"),
                )
            )
    return rows


def run(options: Options, say: Callable[[str], None]) -> list[Row]:
    return report_rows(options) + dashboard_rows(options)
