"""What the home page shows, by role. Every count here goes through the statistics layer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from allauth.mfa.models import Authenticator
from django.db.models import Exists
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
# Whether a card may have something to show: None when it is not for the user's roles, else
# what builds an `Exists` over the rows it would show (through `visible_to`). Built only
# when asked: building a queryset costs about a millisecond.
PanelProbe = Callable[[HttpRequest], Callable[[], Exists] | None]
HOME_PANELS: list[PanelProvider] = []
HOME_PROBES: dict[PanelProvider, PanelProbe] = {}

_MEMO = "_maillage_home_memo"


def register_home_panel(provider: PanelProvider, *, probe: PanelProbe | None = None) -> None:
    """Areas add their home card at start; core does not import them.

    A card that is often empty (no signal open, no action item to do) gives a `probe`: the
    home page asks every probe in one query and runs only the cards that have something to
    show, instead of one query a card to find nothing (issue 18). A card that usually has
    something to show gives none: its probe would be a query more."""
    if provider not in HOME_PANELS:
        HOME_PANELS.append(provider)
    if probe is not None:
        HOME_PROBES[provider] = probe


def shared[T](request: HttpRequest, key: str, compute: Callable[[], T]) -> T:
    """A value that several cards of one home page need, computed once for the page.

    Outside `dashboard_for` (a card rendered alone) it is computed each time: the memo lives
    as long as one dashboard, never longer, so that nothing outlives the request's data."""
    memo: dict[str, Any] | None = getattr(request, _MEMO, None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return cast(T, memo[key])


def _probed(request: HttpRequest, org: Any) -> set[PanelProvider]:
    """The cards whose probe found nothing to show (or that are not for these roles): one
    query for all the probes. A single probe is not asked: it would cost what the card's own
    query costs when there is nothing, and a query more when there is something."""
    skipped: set[PanelProvider] = set()
    asked: dict[str, tuple[PanelProvider, Callable[[], Exists]]] = {}
    for number, provider in enumerate(HOME_PANELS):
        probe = HOME_PROBES.get(provider)
        if probe is None:
            continue
        build = probe(request)
        if build is None:
            skipped.add(provider)
        else:
            asked[f"probe_{number}"] = (provider, build)
    if len(asked) > 1:
        found = cast(
            dict[str, Any],
            Organisation.objects.filter(pk=org.organisation.pk)
            .values(**{name: build() for name, (_p, build) in asked.items()})
            .get(),
        )
        skipped |= {provider for name, (provider, _b) in asked.items() if not found[name]}
    return skipped


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
    setattr(request, _MEMO, {})
    try:
        skipped = _probed(request, org)
        board.panels = [
            panel
            for provider in HOME_PANELS
            if provider not in skipped and (panel := provider(request))
        ]
    finally:
        delattr(request, _MEMO)

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
