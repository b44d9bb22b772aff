"""The ESF+ card on the home page (the lead registers it in apps.py): the 4-week and
6-month results to record, for the people who work with young people. Shown only when some
are overdue or due within two weeks. One query."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists
from django.http import HttpRequest

from maillage.core.dashboards import Panel
from maillage.core.roles import Perm
from maillage.schooling.esf_queries import results_due
from maillage.schooling.models import Participant


def esf_probe(request: HttpRequest) -> Callable[[], Exists] | None:
    """Whether the team has an ESF+ participant who left: only they have results due."""
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.WORK_WITH_YOUNG_PEOPLE):
        return None
    user = request.user
    return lambda: Exists(Participant.objects.visible_to(user).filter(exited_on__isnull=False))


def esf_panel(request: HttpRequest) -> Panel | None:
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.WORK_WITH_YOUNG_PEOPLE):
        return None
    due = results_due(request.user)
    if not due:
        return None
    overdue = sum(1 for item in due if item.overdue)
    return Panel(
        "schooling/partials/esf_home_panel.html",
        {"overdue": overdue, "soon": len(due) - overdue, "first": due[:3]},
    )
