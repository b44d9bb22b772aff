"""Rules of the community axis: when the diagnosis is due, and the dates of its plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from maillage.core.scoping import current_organisation_id

if TYPE_CHECKING:
    from maillage.community.models import Diagnosis

# The diagnosis is updated at least every three years (DOMAIN.md); the team is told a year
# ahead, the time it takes to gather observations and consult young people again.
VALID_YEARS = 3
DUE_SOON_DAYS = 365


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def plan_start(diagnosis: Diagnosis) -> date:
    if diagnosis.adopted_on:
        return diagnosis.adopted_on
    return diagnosis.period_end + timedelta(days=1)


def plan_end(diagnosis: Diagnosis) -> date:
    return add_years(plan_start(diagnosis), VALID_YEARS) - timedelta(days=1)


class DueState(StrEnum):
    MISSING = "missing"  # no adopted diagnosis at all
    OVERDUE = "overdue"
    SOON = "soon"
    CURRENT = "current"


@dataclass(frozen=True)
class Due:
    """When the organisation's diagnosis must be updated."""

    state: DueState
    due_on: date | None
    days_left: int | None

    @property
    def needs_attention(self) -> bool:
        return self.state != DueState.CURRENT

    @property
    def months_left(self) -> int | None:
        return None if self.days_left is None else max(self.days_left, 0) // 30


def due_date(adopted_on: date) -> date:
    return add_years(adopted_on, VALID_YEARS)


def due_for(adopted_on: date | None, today: date) -> Due:
    """Due three years after the last adoption; "soon" in the last year."""
    if adopted_on is None:
        return Due(DueState.MISSING, None, None)
    due_on = due_date(adopted_on)
    days = (due_on - today).days
    if days < 0:
        state = DueState.OVERDUE
    elif days <= DUE_SOON_DAYS:
        state = DueState.SOON
    else:
        state = DueState.CURRENT
    return Due(state, due_on, days)


def require_own(actor: Any, obj: Any) -> None:
    """Only the organisation that owns a record changes it (partners read)."""
    if current_organisation_id(actor) != obj.organisation_id:
        raise PermissionDenied
