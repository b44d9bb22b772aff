"""The rules every write of a programme shares: who may change it, the row lock that keeps
the envelope right under concurrent spending, and how amounts read."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import floatformat

from maillage.core.models import User
from maillage.core.roles import Perm, permissions_for
from maillage.core.scoping import current_roles
from maillage.programmes.models import Programme


def money(value: Decimal | int) -> str:
    """An amount as the pages write it (`1 234,50 €`): the same filter the templates use."""
    return f"{floatformat(value, '2g')} €"


def require_manager(actor: User, programme: Programme) -> None:
    """Only the coordinating organisation changes a programme, and only its users who may
    manage the network's shared work."""
    if Perm.MANAGE_NETWORK not in permissions_for(current_roles(actor)):
        raise PermissionDenied
    if not Programme.objects.managed_by(actor).filter(pk=programme.pk).exists():
        raise PermissionDenied


def locked(programme: Programme) -> Programme:
    """The programme row locked for the transaction: two spendings recorded at once must not
    both see the same remaining envelope."""
    return Programme.objects.select_for_update().get(pk=programme.pk)


def changed_fields(obj: Any, fields: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in fields.items() if getattr(obj, name) != value)


def unknown_fields(fields: dict[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown {what} fields: {sorted(unknown)}")
