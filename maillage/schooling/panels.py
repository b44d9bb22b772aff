"""The signal inbox's card on the home page (registered in apps.py by the lead): how many
open signals are new, unassigned, or assigned to the user. One query; nothing shown to a team
without open signals, nor to anyone who does not work with young people."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists
from django.http import HttpRequest

from maillage.core.dashboards import Panel
from maillage.core.roles import Perm
from maillage.schooling.models import Signal
from maillage.schooling.signal_queries import OPEN, inbox_counts


def signals_probe(request: HttpRequest) -> Callable[[], Exists] | None:
    """Whether the team has an open signal (see `core.dashboards.register_home_panel`)."""
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.WORK_WITH_YOUNG_PEOPLE):
        return None
    return lambda: Exists(Signal.objects.visible_to(request.user).filter(status__in=OPEN))


def signals_panel(request: HttpRequest) -> Panel | None:
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.WORK_WITH_YOUNG_PEOPLE):
        return None
    counts = inbox_counts(request.user)
    if not counts["open"]:
        return None
    return Panel("schooling/partials/signals_panel.html", counts)
