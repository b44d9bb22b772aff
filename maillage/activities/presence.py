"""Reads about attendance: the roll of a session, rates per participant and per activity.

A rate counts only what was recorded: sessions up to today, rows of confirmed registrations.
A session where nobody was ticked yet does not lower anyone's rate ("not recorded" is not
"absent"), and anonymous participants (a headcount) are totalled apart because they have
no rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from maillage.activities.models import (
    Activity,
    Attendance,
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
    Session,
)


@dataclass(frozen=True)
class Rate:
    present: int
    recorded: int
    # Computed from the two counts: None when nothing was recorded.
    rate: float | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", self.present / self.recorded if self.recorded else None)

    @property
    def percent(self) -> int | None:
        """The rate as a whole percentage, for display."""
        return None if self.rate is None else round(self.rate * 100)


@dataclass(frozen=True)
class AttendanceSummary:
    rate: float | None
    sessions_past: int
    by_registration: dict[int, Rate] = field(default_factory=dict)
    present: int = 0
    recorded: int = 0
    # Anonymous participants over the past sessions (a class, passers-by).
    headcount_total: int = 0
    sessions_with_headcount: int = 0

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    def for_registration(self, registration_id: int) -> Rate:
        return self.by_registration.get(registration_id, Rate(present=0, recorded=0))


def attendance_summary(activity: Activity) -> AttendanceSummary:
    """Rates of one activity in two queries, whatever the number of participants."""
    today = timezone.localdate()
    rows = (
        Attendance.objects.filter(
            session__activity=activity,
            session__date__lte=today,
            registration__status=RegistrationStatus.CONFIRMED,
        )
        .values("registration")
        .annotate(present=Count("pk", filter=Q(present=True)), recorded=Count("pk"))
        .order_by()
    )
    by_registration = {
        int(row["registration"]): Rate(present=int(row["present"]), recorded=int(row["recorded"]))
        for row in rows
    }
    sessions = Session.objects.filter(activity=activity, date__lte=today).aggregate(
        held=Count("pk"),
        heads=Sum("headcount"),
        counted=Count("pk", filter=Q(headcount__isnull=False)),
    )
    present = sum(r.present for r in by_registration.values())
    recorded = sum(r.recorded for r in by_registration.values())
    return AttendanceSummary(
        rate=present / recorded if recorded else None,
        sessions_past=int(sessions["held"] or 0),
        by_registration=by_registration,
        present=present,
        recorded=recorded,
        headcount_total=int(sessions["heads"] or 0),
        sessions_with_headcount=int(sessions["counted"] or 0),
    )


@dataclass(frozen=True)
class RollRow:
    """One confirmed participant on a session's roll."""

    registration: Registration
    # None: not recorded yet (nobody tapped), which is not "absent".
    present: bool | None
    rate: Rate


def _confirmed(user: Any, session: Session) -> RegistrationQuerySet:
    queryset: RegistrationQuerySet = Registration.objects.visible_to(user)
    return queryset.filter(
        activity_id=session.activity_id, status=RegistrationStatus.CONFIRMED
    ).select_related("person")


# What the roll shows of a registration: the child's name. Nothing encrypted is read, so
# nothing is decrypted (the guardian's contacts and health notes, the child's contacts:
# eight values a row, 280 a request on a camp's sheet).
ROLL_FIELDS = (
    "organisation_id",
    "activity_id",
    "status",
    "person_id",
    "person__first_name",
    "person__last_name",
)


def session_roll(user: Any, session: Session) -> list[RollRow]:
    """The confirmed participants of a session, with their mark and their rate, in four
    queries whatever their number."""
    registrations = list(
        _confirmed(user, session)
        .only(*ROLL_FIELDS)
        .order_by("person__last_name", "person__first_name", "pk")
    )
    marks = dict(
        Attendance.objects.filter(session=session).values_list("registration_id", "present")
    )
    summary = attendance_summary(session.activity)
    return [
        RollRow(
            registration=registration,
            present=marks.get(registration.pk),
            rate=summary.for_registration(registration.pk),
        )
        for registration in registrations
    ]


def roll_row(session: Session, registration: Registration) -> RollRow:
    """The row of one participant, after a tap."""
    mark = (
        Attendance.objects.filter(session=session, registration=registration)
        .values_list("present", flat=True)
        .first()
    )
    counts = Attendance.objects.filter(
        registration=registration, session__date__lte=timezone.localdate()
    ).aggregate(present=Count("pk", filter=Q(present=True)), recorded=Count("pk"))
    return RollRow(
        registration=registration,
        present=mark,
        rate=Rate(present=int(counts["present"] or 0), recorded=int(counts["recorded"] or 0)),
    )


def session_counts(user: Any, session: Session) -> tuple[int, int]:
    """(present, confirmed participants) at a session: "3 present out of 12"."""
    expected = _confirmed(user, session).count()
    present = Attendance.objects.filter(
        session=session, present=True, registration__status=RegistrationStatus.CONFIRMED
    ).count()
    return present, expected
