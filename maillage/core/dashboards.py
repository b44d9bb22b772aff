"""What the home page shows, by role. Every count here goes through the statistics layer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.utils import timezone

from maillage.core import stats
from maillage.core.audit_models import AuditEvent
from maillage.core.models import Membership, Organisation, OrganisationKind
from maillage.core.roles import Role


@dataclass(frozen=True)
class Panel:
    """A card of the home page contributed by an area (casework's caseload summary, say)."""

    template: str
    context: dict[str, Any]


PanelProvider = Callable[[HttpRequest], Panel | None]
HOME_PANELS: list[PanelProvider] = []


def register_home_panel(provider: PanelProvider) -> None:
    """Areas add their home card at start; core does not import them."""
    if provider not in HOME_PANELS:
        HOME_PANELS.append(provider)


@dataclass
class Dashboard:
    roles: list[str]
    team_by_role: stats.Table | None = None
    network_by_kind: stats.Table | None = None
    members_without_mfa: list[Membership] = field(default_factory=list)
    failed_logins_week: int | None = None
    recent_events: list[AuditEvent] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)


def dashboard_for(request: HttpRequest) -> Dashboard:
    org = request.org  # type: ignore[attr-defined]
    user: Any = request.user
    roles = org.roles
    board = Dashboard(roles=[str(Role(r).label) for r in sorted(roles)])
    board.panels = [panel for provider in HOME_PANELS if (panel := provider(request))]

    if roles & {Role.DIRECTOR, Role.COORDINATOR, Role.ADMINISTRATOR, Role.STATS_VIEWER}:
        members = Membership.objects.visible_to(user).active()
        board.team_by_role = stats.table(
            stats.count_by(members, "role", distinct="user"), labels=[r.value for r in Role]
        ).relabel(lambda code: Role(code).label)

    if roles & {Role.PROGRAMME_COORDINATOR, Role.STATS_VIEWER, Role.DIRECTOR}:
        in_commune = Organisation.objects.filter(
            commune_id=org.organisation.commune_id, is_active=True
        )
        board.network_by_kind = stats.table(
            stats.count_by(in_commune, "kind"), labels=[k.value for k in OrganisationKind]
        ).relabel(lambda code: OrganisationKind(code).label)

    if Role.ADMINISTRATOR in roles:
        with_mfa = Authenticator.objects.values("user_id")
        board.members_without_mfa = list(
            Membership.objects.visible_to(user)
            .active()
            .exclude(user_id__in=with_mfa)
            .select_related("user")
            .order_by("user__last_name")[:20]
        )

    if Role.DPO in roles:
        events = AuditEvent.objects.visible_to(user)
        week_ago = timezone.now() - timedelta(days=7)
        board.failed_logins_week = events.filter(
            action="core.auth.login_failed", created_at__gte=week_ago
        ).count()
        board.recent_events = list(events.order_by("-created_at", "-pk")[:8])
    return board
