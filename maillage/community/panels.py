"""The community axis's card on the home page (registered in apps.py): when the community
social diagnosis must be updated, for the staff of the organisation. Shown when the diagnosis
is missing, overdue or due within the year; nothing to say otherwise. One query."""

from __future__ import annotations

from django.http import HttpRequest

from maillage.community.queries import current_diagnosis, due_of
from maillage.core.dashboards import Panel
from maillage.core.roles import Perm


def diagnosis_panel(request: HttpRequest) -> Panel | None:
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.VIEW_TEAM):
        return None
    current = current_diagnosis(request.user)
    due = due_of(current)
    if not due.needs_attention:
        return None
    return Panel("community/partials/home_panel.html", {"current": current, "due": due})
