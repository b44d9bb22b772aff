"""The concertation card on the home page (registered in apps.py): the open action items
the signed-in person owns on the platforms they see. Two queries, whatever their number."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists
from django.http import HttpRequest
from django.utils import timezone

from maillage.concertation.queries import my_open_actions
from maillage.core.dashboards import Panel
from maillage.core.roles import Perm

LIMIT = 6


def actions_probe(request: HttpRequest) -> Callable[[], Exists] | None:
    """Whether the user owns an open action item (see `register_home_panel`)."""
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.VIEW_TEAM):
        return None
    return lambda: Exists(my_open_actions(request.user).order_by())


def actions_panel(request: HttpRequest) -> Panel | None:
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.VIEW_TEAM):
        return None
    user: Any = request.user
    items = list(my_open_actions(user)[: LIMIT + 1])
    if not items:
        return None
    return Panel(
        "concertation/partials/home_panel.html",
        {
            "items": items[:LIMIT],
            "more": len(items) > LIMIT,
            "today": timezone.localdate(),
        },
    )
