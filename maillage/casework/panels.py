"""The individual axis's card on the home page (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.utils import timezone

from maillage.casework.access import assigned
from maillage.casework.models import FollowUp, Referral, ReferralStatus
from maillage.casework.queries import ACTIVE, SOON, due_state, pending_requests
from maillage.core.dashboards import Panel, shared
from maillage.core.roles import Perm

NEXT_STEPS_LIMIT = 5


def _own_counts(request: HttpRequest) -> dict[str, int]:
    """The user's active follow-ups: all, with an overdue next step, with one due soon. Both
    cards use them, so the home page counts them once."""
    user: Any = request.user
    today = timezone.localdate()

    def count() -> dict[str, int]:
        counts: dict[str, int] = (
            FollowUp.objects.visible_to(user)
            .filter(assigned(user), status__in=ACTIVE)
            .aggregate(
                active=Count("pk"),
                overdue=Count("pk", filter=Q(next_step_due__lt=today)),
                soon=Count(
                    "pk", filter=Q(next_step_due__gte=today, next_step_due__lte=today + SOON)
                ),
            )
        )
        return counts

    return shared(request, "casework.own_counts", count)


def caseload_panel(request: HttpRequest) -> Panel | None:
    """The user's own follow-ups at a glance: four counts, whatever the caseload's size."""
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.WORK_WITH_YOUNG_PEOPLE):
        return None
    user: Any = request.user
    counts = _own_counts(request)
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


def next_steps_panel(request: HttpRequest) -> Panel | None:
    """The next steps of the user's own follow-ups that are overdue or due within a week,
    earliest first, each a link to its follow-up: one query (and the counts of the caseload
    card when there are more than shown). Only initials: the card may be seen over a shoulder."""
    org = getattr(request, "org", None)
    if org is None or not org.has(Perm.WORK_WITH_YOUNG_PEOPLE):
        return None
    user: Any = request.user
    today = timezone.localdate()
    due = (
        FollowUp.objects.visible_to(user)
        .filter(assigned(user), status__in=ACTIVE, next_step_due__lte=today + SOON)
        .order_by(F("next_step_due").asc(), "pk")
    )
    rows = list(
        due.select_related("person").only(
            "pk",
            "organisation_id",
            "opened_on",
            "next_step",
            "next_step_due",
            "person__first_name",
            "person__last_name",
        )[: NEXT_STEPS_LIMIT + 1]
    )
    for row in rows:
        row.due_state = due_state(row.next_step_due, today)  # type: ignore[attr-defined]
    if len(rows) <= NEXT_STEPS_LIMIT:
        count = len(rows)
    else:  # due by today + SOON: overdue, or due soon
        counts = _own_counts(request)
        count = counts["overdue"] + counts["soon"]
    return Panel(
        "casework/partials/next_steps_panel.html",
        {"followups": rows[:NEXT_STEPS_LIMIT], "count": count, "today": today},
    )
