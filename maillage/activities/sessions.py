"""Writes of the collective axis about sessions: planning them (one by one or from a weekly
rule), removing them, and what happened there (attendance, the headcount of anonymous
participants). Same rules as `services.py`, which re-exports them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities.models import (
    Activity,
    Attendance,
    Registration,
    RegistrationStatus,
    SchoolHoliday,
    Session,
)
from maillage.activities.rules import require_own
from maillage.core.audit import audit_log
from maillage.core.models import User
from maillage.core.validation import Errors, raise_errors


def _session_errors(activity: Activity, day: date, starts_at: time, ends_at: time) -> Errors:
    errors: Errors = {}
    if not activity.starts_on <= day <= activity.ends_on:
        errors["date"] = [
            _("The session must take place between %(start)s and %(end)s, the activity's dates.")
            % {"start": f"{activity.starts_on:%d/%m/%Y}", "end": f"{activity.ends_on:%d/%m/%Y}"}
        ]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The session must end after it starts.")]
    return errors


@transaction.atomic
def session_add(
    *,
    actor: User,
    activity: Activity,
    date: date,
    starts_at: time,
    ends_at: time,
    place: str = "",
) -> Session:
    require_own(actor, activity)
    errors = _session_errors(activity, date, starts_at, ends_at)
    if activity.sessions.filter(date=date, starts_at=starts_at).exists():
        errors.setdefault("date", []).append(
            _("A session already starts on that day at that time.")
        )
    raise_errors(errors)
    session = Session.objects.create(
        organisation_id=activity.organisation_id,
        activity=activity,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
    )
    audit_log(
        actor=actor,
        action="activities.session.added",
        target=session,
        organisation=activity.organisation,
    )
    return session


@transaction.atomic
def sessions_generate(
    *,
    actor: User,
    activity: Activity,
    weekdays: Sequence[int],
    starts_at: time,
    ends_at: time,
    skip_holidays: bool = True,
) -> list[Session]:
    """One session on each chosen weekday (0 = Monday) between the activity's dates, skipping
    the days that already have one at that time and, for workshops, the school holidays."""
    require_own(actor, activity)
    errors: Errors = {}
    if not weekdays:
        errors["weekdays"] = [_("Choose at least one day of the week.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The session must end after it starts.")]
    raise_errors(errors)
    holidays = (
        list(
            SchoolHoliday.objects.filter(
                starts_on__lte=activity.ends_on, ends_on__gte=activity.starts_on
            )
        )
        if skip_holidays
        else []
    )
    taken = set(activity.sessions.filter(starts_at=starts_at).values_list("date", flat=True))
    days = []
    day = activity.starts_on
    while day <= activity.ends_on:
        if (
            day.weekday() in weekdays
            and day not in taken
            and not any(h.starts_on <= day <= h.ends_on for h in holidays)
        ):
            days.append(day)
        day += timedelta(days=1)
    sessions = Session.objects.bulk_create(
        Session(
            organisation_id=activity.organisation_id,
            activity=activity,
            date=day,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        for day in days
    )
    audit_log(
        actor=actor,
        action="activities.session.generated",
        target=activity,
        changes={"sessions": len(sessions), "weekdays": list(weekdays)},
    )
    return sessions


@transaction.atomic
def session_remove(*, actor: User, session: Session) -> None:
    require_own(actor, session.activity)
    if session.attendances.exists() or session.headcount is not None:
        raise ValidationError(
            _("Attendance has been taken at this session: it cannot be removed."), code="taken"
        )
    audit_log(
        actor=actor,
        action="activities.session.removed",
        target=session.activity,
        changes={"date": f"{session.date:%Y-%m-%d}"},
    )
    session.delete()


@transaction.atomic
def attendance_record(
    *, actor: User, session: Session, registration: Registration, present: bool
) -> Attendance:
    require_own(actor, session.activity)
    if registration.activity_id != session.activity_id:
        raise ValidationError(_("This child is not registered for this activity."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed registrations take part in sessions."))
    if session.date > timezone.localdate():
        raise ValidationError(_("Attendance is taken on the day of the session, not before."))
    # One statement (an upsert), not a read then a write under a savepoint: a camp's roll
    # is thirty taps in a row. Two taps at once on the same child: the last one wins.
    (attendance,) = Attendance.objects.bulk_create(
        [
            Attendance(
                organisation_id=session.organisation_id,
                session=session,
                registration=registration,
                present=present,
                recorded_by=actor,
            )
        ],
        update_conflicts=True,
        unique_fields=["session", "registration"],
        update_fields=["present", "recorded_by", "recorded_at", "organisation"],
    )
    return attendance


@transaction.atomic
def attendance_mark_rest_present(*, actor: User, session: Session) -> int:
    """Mark present every confirmed participant not marked yet, in one statement: on a camp
    morning the worker taps only the absent ones. Answers already given (absent included)
    stay. Returns how many were marked."""
    require_own(actor, session.activity)
    if session.date > timezone.localdate():
        raise ValidationError(_("Attendance is taken on the day of the session, not before."))
    unmarked = (
        Registration.objects.filter(
            activity_id=session.activity_id, status=RegistrationStatus.CONFIRMED
        )
        .exclude(attendances__session=session)
        .order_by()  # the model's order joins the persons, for nothing here
        .values_list("pk", flat=True)
    )
    created = Attendance.objects.bulk_create(
        [
            Attendance(
                organisation_id=session.organisation_id,
                session=session,
                registration_id=pk,
                present=True,
                recorded_by=actor,
            )
            for pk in unmarked
        ],
        # A tap of a colleague at the same moment wins: theirs is an answer, ours a default.
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def session_set_headcount(*, actor: User, session: Session, headcount: int | None) -> Session:
    require_own(actor, session.activity)
    if headcount is not None and not 0 <= headcount <= 100_000:
        raise ValidationError({"headcount": [_("Enter a number of participants from 0.")]})
    if session.date > timezone.localdate():
        raise ValidationError(
            {"headcount": [_("Attendance is taken on the day of the session, not before.")]}
        )
    Session.objects.filter(pk=session.pk).update(headcount=headcount)
    session.headcount = headcount
    audit_log(
        actor=actor,
        action="activities.session.headcount",
        target=session,
        organisation=session.activity.organisation,
        changes={"headcount": headcount},
    )
    return session
