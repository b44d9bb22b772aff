"""Who may change a platform: the rules the services and the views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from maillage.concertation.models import ActionItem, Platform
from maillage.core.roles import Perm, permissions_for
from maillage.core.scoping import current_organisation_id, current_roles


def can_manage(actor: Any, platform: Platform) -> bool:
    """The running organisation's coordinators, directors and administrators."""
    return current_organisation_id(actor) == platform.organisation_id and (
        Perm.MANAGE_NETWORK in permissions_for(current_roles(actor))
    )


def require_manager(actor: Any, platform: Platform) -> None:
    if not can_manage(actor, platform):
        raise PermissionDenied


def _clean(text: str) -> str:
    return " ".join(text.split())


def can_close(actor: Any, item: ActionItem) -> bool:
    return can_manage(actor, item.platform) or (
        item.owner.user_id is not None and item.owner.user_id == getattr(actor, "pk", None)
    )


def clean(text: str) -> str:
    """Spaces collapsed: what a person typed, without stray blanks or line breaks."""
    return " ".join(text.split())
