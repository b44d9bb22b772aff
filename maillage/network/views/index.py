"""The network's landing page: the social offer, the concertation platforms, placements,
agreements and trainings, with what needs attention today."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from maillage.core.permissions import org_view
from maillage.network import queries
from maillage.network.models import Placement
from maillage.network.views.common import READ


@org_view(READ)
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = timezone.localdate()
    org_id = request.org.organisation.pk  # type: ignore[attr-defined]
    placed_today = Placement.objects.visible_to(user).on(today)
    return render(
        request,
        "network/index.html",
        {
            "today": today,
            "placed_out": placed_today.filter(organisation_id=org_id).count(),
            "hosted": placed_today.filter(host_id=org_id).count(),
            "due": list(queries.agreements_due(user, today)[:5]),
        },
    )
