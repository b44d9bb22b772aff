"""Reads of the ESF+ participant records: the list, the results due, and the anonymised
ESF+ table the programmes' reports use. Each in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from maillage.schooling.esf import FOUR_WEEKS, add_months, result_due_on
from maillage.schooling.models import (
    Participant,
    ParticipantResult,
    ResultMoment,
)

# Results due within this many days are listed with the overdue ones.
DUE_SOON_DAYS = 14
# The result moments in URLs, in French like the rest of the paths.
MOMENT_SLUGS = {"4-semaines": ResultMoment.WEEKS_4, "6-mois": ResultMoment.MONTHS_6}
SLUG_OF: dict[str, str] = {moment: slug for slug, moment in MOMENT_SLUGS.items()}


def participant_rows(user: Any, *, state: str = "") -> QuerySet[Participant]:
    """The participants the user may see, newest entries first; `state` "open" or "exited"."""
    rows = Participant.objects.visible_to(user).select_related("person")
    if state == "open":
        rows = rows.filter(exited_on__isnull=True)
    elif state == "exited":
        rows = rows.filter(exited_on__isnull=False)
    # The sensitive column is never read for a list.
    return rows.defer("sensitive_items").order_by("-entered_on", "-pk")


def participant_results(participant: Participant) -> list[ParticipantResult]:
    return list(participant.results.order_by("-exit_on", "moment"))


@dataclass(frozen=True)
class DueResult:
    participant: Participant
    moment: str
    due_on: date
    overdue: bool

    @property
    def moment_label(self) -> str:
        return str(ResultMoment(self.moment).label)

    @property
    def url(self) -> str:
        return reverse(
            "schooling:participant_result",
            kwargs={"pk": self.participant.pk, "moment": SLUG_OF[self.moment]},
        )


def results_due(user: Any, *, today: date | None = None) -> list[DueResult]:
    """The 4-week and 6-month results not yet recorded for the last exit of each
    participant, due by `today` + DUE_SOON_DAYS, by due date (the overdue ones first).

    One query: the cut-off exit dates are computed here, so the database compares plain
    dates on both engines.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    cut_4w = horizon - FOUR_WEEKS
    # A few days of margin for the month ends (31 August + 6 months = 28 February); the
    # exact due date is checked below.
    cut_6m = add_months(horizon, -6) + timedelta(days=3)

    def recorded(moment: str) -> Exists:
        return Exists(
            ParticipantResult.objects.filter(
                participant=OuterRef("pk"), exit_on=OuterRef("exited_on"), moment=moment
            )
        )

    rows = (
        Participant.objects.visible_to(user)
        .filter(exited_on__isnull=False)
        .annotate(has_4w=recorded(ResultMoment.WEEKS_4), has_6m=recorded(ResultMoment.MONTHS_6))
        .filter(Q(has_4w=False, exited_on__lte=cut_4w) | Q(has_6m=False, exited_on__lte=cut_6m))
        .select_related("person")
        .defer("sensitive_items")
    )
    due: list[DueResult] = []
    for participant in rows:
        assert participant.exited_on is not None
        for moment, done in (
            (ResultMoment.WEEKS_4, getattr(participant, "has_4w")),  # noqa: B009
            (ResultMoment.MONTHS_6, getattr(participant, "has_6m")),  # noqa: B009
        ):
            on = result_due_on(participant.exited_on, moment)
            if not done and on <= horizon:
                due.append(DueResult(participant, moment, on, on < today))
    due.sort(key=lambda d: (d.due_on, d.participant.person.last_name, d.participant.pk))
    return due
