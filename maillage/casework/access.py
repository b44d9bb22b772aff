"""Confidentiality of follow-ups (DESIGN.md mechanism 2), decided here and only here.

- Workers assigned to a follow-up see all of it.
- Coordinators and directors see that it exists (initials, workers, dates, status) and open
  it only by breaking the glass, with a reason that is logged and shown to the workers.
- Everyone else in the organisation sees nothing of it; other organisations see only what a
  consent shares with them.
"""

from __future__ import annotations

from datetime import timedelta
from enum import IntEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from maillage.core.roles import OVERSIGHT_ROLES
from maillage.core.scoping import current_roles

GLASS_OPEN_FOR = timedelta(hours=1)


class Access(IntEnum):
    NONE = 0
    EXISTENCE = 1
    FULL = 2


def has_oversight(user: Any) -> bool:
    return bool(current_roles(user) & OVERSIGHT_ROLES)


def assigned(user: Any, followup_ref: str = "pk") -> Exists:
    """Whether `user` is assigned to the follow-up at `followup_ref` of the outer query."""
    from maillage.casework.models import Assignment

    return Exists(Assignment.objects.filter(followup_id=OuterRef(followup_ref), worker=user))


def glass_broken(user: Any, followup_ref: str = "pk") -> Exists:
    from maillage.casework.models import BreakGlass

    return Exists(
        BreakGlass.objects.filter(
            followup_id=OuterRef(followup_ref), user=user, expires_at__gt=timezone.now()
        )
    )


def opened_q(user: Any, followup_ref: str = "pk") -> Q:
    """Full access: assigned, or a coordinator who broke the glass (still open)."""
    if has_oversight(user):
        return Q(assigned(user, followup_ref)) | Q(glass_broken(user, followup_ref))
    return Q(assigned(user, followup_ref))


def followup_access(user: Any, followup: Any) -> Access:
    """How much of one follow-up the user may see (the follow-up is of their organisation)."""
    from maillage.casework.models import Assignment, BreakGlass
    from maillage.core.scoping import current_organisation_id

    if followup.organisation_id != current_organisation_id(user):
        return Access.NONE
    if Assignment.objects.filter(followup=followup, worker=user).exists():
        return Access.FULL
    if not has_oversight(user):
        return Access.NONE
    if BreakGlass.objects.filter(
        followup=followup, user=user, expires_at__gt=timezone.now()
    ).exists():
        return Access.FULL
    return Access.EXISTENCE
