"""The home-page cards of the coordinator, the director, the programme coordinator and the
statistics viewer (issue 7's dashboards; registered in apps.py). Each is for one role and
returns None for the others. Figures come from `dashboard_queries`: aggregates in SQL, a
number of queries that does not grow with the data, counts of people suppressed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import stats
from maillage.core.charts import bar_chart
from maillage.core.dashboards import Panel
from maillage.core.roles import Role
from maillage.programmes import dashboard_queries as queries
from maillage.programmes.indicators import Result


def _org_for(request: HttpRequest, role: str) -> Any:
    """The organisation context when the user holds `role` there, else None."""
    org = getattr(request, "org", None)
    if org is None or role not in org.roles:
        return None
    return org


def team_activity_panel(request: HttpRequest) -> Panel | None:
    """The coordinator's view of the team: interventions and sessions by week over the last
    30 days, and overdue next steps by worker (counts only, no young person named)."""
    org = _org_for(request, Role.COORDINATOR)
    if org is None:
        return None
    org_id = org.organisation.pk
    today = timezone.localdate()
    activity = queries.team_activity(org_id, today)
    overdue, workers = queries.overdue_by_worker(org_id, today)
    return Panel(
        "programmes/partials/team_activity_panel.html",
        {
            "activity": activity,
            "interventions_chart": bar_chart(
                activity.interventions, title=_("Interventions by week, last 30 days")
            ),
            "sessions_chart": bar_chart(
                activity.sessions, title=_("Activity sessions by week, last 30 days")
            ),
            "overdue": overdue,
            "workers": workers,
        },
    )


def director_panel(request: HttpRequest) -> Panel | None:
    """The director's key figures of the year so far, each against its target."""
    org = _org_for(request, Role.DIRECTOR)
    if org is None:
        return None
    today = timezone.localdate()
    figures = [
        replace(
            figure,
            chart=bar_chart(
                _total_table(figure.result), title=figure.result.label, target=figure.target
            ),
        )
        for figure in queries.director_figures(org.organisation.pk, today)
    ]
    return Panel(
        "programmes/partials/director_panel.html", {"figures": figures, "year": today.year}
    )


def _total_table(result: Result) -> stats.Table:
    return stats.Table(rows=[(_("Since 1 January"), result.total)], total=result.total)


def programme_panel(request: HttpRequest) -> Panel | None:
    """The programme coordinator's programmes: projects, envelope, spent, remaining."""
    if _org_for(request, Role.PROGRAMME_COORDINATOR) is None:
        return None
    count, programmes = queries.programme_figures(request.user)
    charts = [
        (item, bar_chart(item.table, title=_("Budget of %(title)s") % {"title": item.programme}))
        for item in programmes
    ]
    return Panel(
        "programmes/partials/programme_panel.html",
        {"count": count, "programmes": charts, "more": count > len(charts)},
    )


def statistics_panel(request: HttpRequest) -> Panel | None:
    """The statistics viewer's anonymised figures by commune for the year."""
    org = _org_for(request, Role.STATS_VIEWER)
    if org is None:
        return None
    today = timezone.localdate()
    figures = queries.by_commune(queries.statistics_scope(org.organisation.pk), today)
    return Panel(
        "programmes/partials/statistics_panel.html",
        {
            "figures": figures,
            "year": today.year,
            "chart": bar_chart(
                figures.reached,
                title=_("Young people reached by commune in %(year)s") % {"year": today.year},
            ),
        },
    )
