"""The individual axis's card on the home page (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from maillage.casework.access import assigned
from maillage.casework.models import FollowUp, Referral, ReferralStatus
from maillage.casework.queries import ACTIVE, SOON, pending_requests
from maillage.core.dashboards import Panel
from maillage.core.roles import Perm


def caseload_panel(request: HttpRequest) -> Panel | None:
    """The user's own follow-ups at a glance: four counts, whatever the caseload's size."""
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.WORK_WITH_YOUNG_PEOPLE):
        return None
    user: Any = request.user
    today = timezone.localdate()
    counts = (
        FollowUp.objects.visible_to(user)
        .filter(assigned(user), status__in=ACTIVE)
        .aggregate(
            active=Count("pk"),
            overdue=Count("pk", filter=Q(next_step_due__lt=today)),
            soon=Count("pk", filter=Q(next_step_due__gte=today, next_step_due__lte=today + SOON)),
        )
    )
    return Panel(
        "casework/partials/home_panel.html",
        {
            **counts,
            "waiting": pending_requests(user).count(),
            "received": Referral.objects.received_by(user)
            .filter(status=ReferralStatus.SENT)
            .count(),
        },
    )
