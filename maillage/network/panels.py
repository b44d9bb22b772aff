"""The network's card on the home page (registered in apps.py): agreements of a party
organisation that end soon, for those who manage the network's records. Two queries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from maillage.core.dashboards import Panel
from maillage.core.roles import Perm
from maillage.network.queries import agreements_due

LIMIT = 5


def renewals_panel(request: HttpRequest) -> Panel | None:
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.MANAGE_NETWORK):
        return None
    user: Any = request.user
    today = timezone.localdate()
    due = list(agreements_due(user, today).only("pk", "title", "ends_on")[: LIMIT + 1])
    if not due:
        return None
    return Panel(
        "network/partials/home_panel.html",
        {"today": today, "agreements": due[:LIMIT], "more": len(due) > LIMIT},
    )
