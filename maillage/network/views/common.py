"""What the network's views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from maillage.core.roles import Perm

READ = Perm.VIEW_TEAM
MANAGE = Perm.MANAGE_NETWORK
PAGE_SIZE = 30


def own(request: HttpRequest, obj: Any) -> bool:
    """Whether the organisation acted for owns `obj` (hosts and parties only read it)."""
    return bool(obj.organisation_id == request.org.organisation.pk)  # type: ignore[attr-defined]


def can_manage(request: HttpRequest, obj: Any) -> bool:
    return own(request, obj) and request.org.has(MANAGE)  # type: ignore[attr-defined]


def require_own(request: HttpRequest, obj: Any) -> None:
    if not own(request, obj):
        raise PermissionDenied
