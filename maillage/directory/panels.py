"""The social offer's card on the home page (registered in apps.py).

For whoever manages the organisation's network entries: its services nobody has edited or
confirmed for twelve months, each with a "still up to date" button. Two queries, whatever
the number of services.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from maillage.core.dashboards import Panel
from maillage.core.roles import Perm
from maillage.directory.queries import stale_services

LIMIT = 5


def stale_services_panel(request: HttpRequest) -> Panel | None:
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.MANAGE_NETWORK):
        return None
    user: Any = request.user
    stale = stale_services(user)
    services = list(stale[:LIMIT])
    if not services:
        return None
    count = len(services) if len(services) < LIMIT else stale.count()
    return Panel("directory/partials/home_panel.html", {"services": services, "count": count})
