"""Who may change a network record: the organisation that owns it (hosts and parties read)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from maillage.core.scoping import current_organisation_id


def require_own(actor: Any, obj: Any) -> None:
    """Hosts and parties see a record; only the organisation that owns it changes it."""
    if current_organisation_id(actor) != obj.organisation_id:
        raise PermissionDenied
