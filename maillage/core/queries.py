"""Reads shared by the core views and the middleware."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from maillage.core.models import Membership, MembershipQuerySet, Organisation
from maillage.core.roles import Perm, permissions_for


@dataclass(frozen=True)
class OrgContext:
    """Who the user is acting as in this request: the organisation and their roles there."""

    organisation: Organisation
    roles: frozenset[str]
    perms: frozenset[Perm]
    # Every organisation the user may switch to, with the roles held there.
    choices: list[tuple[Organisation, frozenset[str]]] = field(default_factory=list)

    @property
    def all_roles(self) -> frozenset[str]:
        roles: set[str] = set()
        for _org, org_roles in self.choices:
            roles |= org_roles
        return frozenset(roles)

    def has(self, perm: Perm) -> bool:
        return perm in self.perms


def own_memberships(user: Any) -> MembershipQuerySet:
    """The person's own active roles in every organisation.

    Not `visible_to`: that scopes to the organisation currently chosen, and these rows are
    what the choice is made from.
    """
    return (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def org_context_for(user: Any, wanted_org_id: Any) -> OrgContext | None:
    """One query: the user's active memberships, grouped by organisation."""
    rows = own_memberships(user)
    by_org: dict[int, tuple[Organisation, set[str]]] = {}
    for membership in rows:
        org = membership.organisation
        by_org.setdefault(org.pk, (org, set()))[1].add(membership.role)
    if not by_org:
        return None
    choices = [(org, frozenset(roles)) for org, roles in by_org.values()]
    chosen = by_org.get(wanted_org_id) if isinstance(wanted_org_id, int) else None
    if chosen is None:
        chosen = next(iter(by_org.values()))
    org, roles = chosen
    return OrgContext(
        organisation=org,
        roles=frozenset(roles),
        perms=permissions_for(frozenset(roles)),
        choices=choices,
    )


def team_members(user: Any) -> list[Membership]:
    return list(
        Membership.objects.visible_to(user)
        .active()
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "role")
    )
