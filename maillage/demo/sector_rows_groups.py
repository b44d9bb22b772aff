"""Row generators of the collective axis (activities, sessions, registrations, attendance)
and of schooling (enrolments, absence half-days)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from maillage.demo.sector_copy import Row
from maillage.demo.sector_plan import (
    ABSENCE_MEAN,
    ANCHOR,
    ANCHOR_TIME,
    REGISTRATIONS,
    SESSIONS,
    rng_for,
    school_days,
)
from maillage.demo.sector_rows import (
    ABSENCE_STATUS,
    ACTIVITY,
    ACTIVITY_TITLES,
    ATTENDANCE,
    ENROLMENT,
    Context,
)

STARTS = (dt.time(14, 0), dt.time(16, 0))
ENDS = (dt.time(16, 0), dt.time(18, 0))


@dataclass
class ActivityPlan:
    team: int
    kind: str
    title: str
    first: dt.date
    step: int
    sessions: int
    persons: list[int]
    worker: int

    @property
    def last(self) -> dt.date:
        return self.first + dt.timedelta(days=self.step * (self.sessions - 1))


def activity_plan(c: Context, a: int) -> ActivityPlan:
    p = c.plan
    rng = rng_for(p.seed, ACTIVITY, a)
    team = a % p.teams
    camp = rng.random() < 0.15
    sessions = rng.randint(*SESSIONS)
    step = 1 if camp else 7
    # Every session is over by the anchor day: attendance is recorded for all of them.
    first = ANCHOR - dt.timedelta(days=step * sessions + rng.randint(0, 60))
    count = min(rng.randint(*REGISTRATIONS), p.team_persons(team))
    picks = rng.sample(range(p.team_persons(team)), count)
    return ActivityPlan(
        team=team,
        kind="camp" if camp else "workshop",
        title=rng.choice(ACTIVITY_TITLES),
        first=first,
        step=step,
        sessions=sessions,
        persons=[p.person_id(team, k) for k in picks],
        worker=p.field_worker(team, rng),
    )


def activities(c: Context) -> Iterator[Row]:
    for a in range(c.plan.activities):
        q = activity_plan(c, a)
        yield (c.base("activities_activity") + a, c.plan.team_org(q.team), q.kind,
               f"{q.title} {a + 1}", "", c.communes[a % len(c.communes)], "", q.first, q.last,
               10, 18, len(q.persons) + 5, False, "", "", a % 3 == 0, False, 0, q.worker,
               ANCHOR_TIME)  # fmt: skip


def activity_staff(c: Context) -> Iterator[Row]:
    for a in range(c.plan.activities):
        yield (
            c.base("activities_activity_staff") + a,
            c.base("activities_activity") + a,
            (activity_plan(c, a).worker),
        )


def sessions(c: Context) -> Iterator[Row]:
    next_id = c.base("activities_session")
    for a in range(c.plan.activities):
        q = activity_plan(c, a)
        slot = a % 2
        for s in range(q.sessions):
            day = q.first + dt.timedelta(days=q.step * s)
            yield (next_id, c.plan.team_org(q.team), c.base("activities_activity") + a, day,
                   STARTS[slot], ENDS[slot], "", None)  # fmt: skip
            next_id += 1


def registrations(c: Context) -> Iterator[Row]:
    next_id, t = c.base("activities_registration"), c.tokens
    for a in range(c.plan.activities):
        q = activity_plan(c, a)
        for person in q.persons:
            yield (next_id, c.plan.team_org(q.team), c.base("activities_activity") + a, person,
                   "confirmed", "worker", Decimal("0"), False, "waived", t.empty, t.empty,
                   t.empty, t.empty, t.empty, True, False, "", q.worker, ANCHOR_TIME,
                   ANCHOR_TIME)  # fmt: skip
            next_id += 1


def attendances(c: Context) -> Iterator[Row]:
    next_id = c.base("activities_attendance")
    session_id, registration_id = c.base("activities_session"), c.base("activities_registration")
    for a in range(c.plan.activities):
        q = activity_plan(c, a)
        rng = rng_for(c.plan.seed, ATTENDANCE, a)
        org = c.plan.team_org(q.team)
        registered = range(registration_id, registration_id + len(q.persons))
        for s in range(session_id, session_id + q.sessions):
            for reg in registered:
                yield next_id, org, s, reg, rng.random() < 0.8, q.worker, ANCHOR_TIME
                next_id += 1
        session_id += q.sessions
        registration_id += len(q.persons)


def enrolments(c: Context, school_year_id: int) -> Iterator[Row]:
    p = c.plan
    for e in range(p.enrolments):
        rng = rng_for(p.seed, ENROLMENT, e)
        grade = rng.randint(1, 7)
        # Enrolment e is person e (of team e % teams): no pupil is enrolled twice.
        yield (c.base("schooling_enrolment") + e, p.team_org(e % p.teams),
               c.base("people_person") + e, c.base("schooling_school") + rng.randrange(p.schools),
               school_year_id, f"{e + 1:07}", grade, f"{grade}{'ABCD'[rng.randrange(4)]}",
               ANCHOR_TIME)  # fmt: skip


def absences(c: Context, school_year_id: int, starts_on: dt.date) -> Iterator[Row]:
    p = c.plan
    slots = school_days(starts_on, ANCHOR)
    next_id = c.base("schooling_absence")
    for e in range(p.enrolments):
        rng = rng_for(p.seed, ENROLMENT + 100, e)
        count = min(int(rng.expovariate(1 / ABSENCE_MEAN)), len(slots))
        org, person = p.team_org(e % p.teams), c.base("people_person") + e
        enrolment = c.base("schooling_enrolment") + e
        for index in sorted(rng.sample(range(len(slots)), count)):
            day, half = slots[index]
            yield (next_id, org, enrolment, person, school_year_id, day, half,
                   rng.choice(ABSENCE_STATUS), None, ANCHOR_TIME)  # fmt: skip
            next_id += 1
