"""Row generators of the synthetic sector, one per table, each a stream of tuples in the
column order of `COLUMNS`. Parents are never kept: a child generator recomputes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from maillage.demo.sector_copy import Row
from maillage.demo.sector_plan import (
    ANCHOR,
    ANCHOR_TIME,
    ANONYMOUS_SHARE,
    INTERVENTIONS,
    SLUG_PREFIX,
    Names,
    Plan,
    Tokens,
    ascii_slug,
    keys,
    rng_for,
)

PERSON, REQUEST, INTERVENTION, ACTIVITY, ATTENDANCE, ENROLMENT, USER = range(1, 8)
TEAM_KINDS = ["amo", "youth_centre", "neighbourhood_house", "street_work"]
AGE_BANDS = ["0-11", "12-14", "15-17", "18-21", "22+"]
REQUESTERS = ["young_person", "parent", "school", "cpms", "youth_aid", "other"]
THEMES = ["schooling", "family", "housing", "health", "justice", "employment", "administrative"]
KINDS = ["listening", "information", "administrative", "professional", "legal", "home_visit",
         "school_meeting", "family_meeting", "accompaniment"]  # fmt: skip
ACTIVITY_TITLES = ["Atelier djembé", "Soutien scolaire", "Foot en salle", "Atelier théâtre",
                   "Graff et arts urbains", "Club photo", "Cuisine du monde",
                   "Boxe éducative"]  # fmt: skip
ABSENCE_STATUS = ["unjustified"] * 6 + ["justified"] * 3 + ["late"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "core_organisation": ("id", "name", "slug", "kind", "commune_id", "street", "postcode",
                          "phone", "email", "website", "dpo_email", "is_active", "created_at"),
    "schooling_school": ("id", "organisation_id", "fwb_number", "created_at"),
    "core_user": ("id", "password", "last_login", "is_superuser", "email", "first_name",
                  "last_name", "is_active", "is_staff", "date_joined"),
    "core_membership": ("id", "organisation_id", "user_id", "role", "is_active", "created_at"),
    "people_person": ("id", "organisation_id", "first_name", "last_name", "birth_date", "gender",
                      "commune_id", "school", "phone", "email", "address", "name_key",
                      "first_key", "last_key", "created_by_id", "created_at"),
    "casework_request": ("id", "organisation_id", "received_on", "requester", "person_id",
                         "age_band", "gender", "commune_id", "summary", "recorded_by_id",
                         "created_at"),
    "casework_requesttheme": ("id", "request_id", "theme"),
    "casework_followup": ("id", "organisation_id", "request_id", "person_id", "status",
                          "opened_on", "next_step", "next_step_due", "closed_on",
                          "close_reason", "outcome", "version", "created_at"),
    "casework_assignment": ("id", "organisation_id", "followup_id", "worker_id", "assigned_on"),
    "casework_intervention": ("id", "organisation_id", "followup_id", "date",
                              "duration_minutes", "kind", "present", "notes", "author_id",
                              "created_at"),
    "activities_activity": ("id", "organisation_id", "kind", "title", "description",
                            "commune_id", "place", "starts_on", "ends_on", "age_min", "age_max",
                            "places", "residential", "school", "school_class", "is_public",
                            "registration_open", "sibling_reduction", "created_by_id",
                            "created_at"),
    "activities_activity_staff": ("id", "activity_id", "user_id"),
    "activities_session": ("id", "organisation_id", "activity_id", "date", "starts_at",
                           "ends_at", "place", "headcount"),
    "activities_registration": ("id", "organisation_id", "activity_id", "person_id", "status",
                                "source", "amount_due", "sibling_reduction", "payment_status",
                                "guardian_name", "guardian_email", "guardian_phone",
                                "emergency_contact", "health_notes", "parental_authorisation",
                                "photo_consent", "age_override_reason", "registered_by_id",
                                "created_at", "confirmed_at"),
    "activities_attendance": ("id", "organisation_id", "session_id", "registration_id",
                              "present", "recorded_by_id", "recorded_at"),
    "schooling_enrolment": ("id", "organisation_id", "person_id", "school_id", "school_year_id",
                            "matricule", "grade", "class_name", "created_at"),
    "schooling_absence": ("id", "organisation_id", "enrolment_id", "person_id", "school_year_id",
                          "date", "half_day", "status", "reason", "updated_at"),
}  # fmt: skip


@dataclass
class Context:
    plan: Plan
    names: Names
    tokens: Tokens
    communes: list[int]

    def base(self, table: str) -> int:
        return self.plan.base[table]


def organisations(c: Context) -> Iterator[Row]:
    p = c.plan
    for i in range(p.teams + p.schools):
        school = i >= p.teams
        kind = "school" if school else TEAM_KINDS[i % len(TEAM_KINDS)]
        slug = f"{SLUG_PREFIX}{'e' if school else 't'}{i + 1:04}"
        name = f"{'École' if school else 'Service'} {c.names.last[i % len(c.names.last)]} {i + 1}"
        yield (p.team_org(i), name, slug, kind, c.communes[i % len(c.communes)],
               f"Rue {c.names.last[(i * 7) % len(c.names.last)]} {i % 90 + 1}", "1000",
               "02 000 00 00", f"contact@{slug}.example", "", "", True, ANCHOR_TIME)  # fmt: skip


def schools(c: Context) -> Iterator[Row]:
    for s in range(c.plan.schools):
        yield c.base("schooling_school") + s, c.plan.school_org(s), f"S{s + 1:06}", ANCHOR_TIME


def users(c: Context) -> Iterator[Row]:
    for u in range(c.plan.workers):
        rng = rng_for(c.plan.seed, USER, u)
        first = rng.choice(rng.choice([c.names.female, c.names.male]))
        last = rng.choice(c.names.last)
        email = f"{ascii_slug(first)}.{ascii_slug(last)}.{u + 1}@secteur.example"
        # "!": an unusable password, like make_password(None), without its random part.
        yield (c.base("core_user") + u, "!secteur", None, False, email, first, last, True,
               False, ANCHOR_TIME)  # fmt: skip


def memberships(c: Context) -> Iterator[Row]:
    p = c.plan
    for u in range(p.workers):
        if u < 2 * p.schools:
            org, role = p.school_org(u // 2), "coordinator" if u % 2 == 0 else "field_worker"
        else:
            team, k = (u - 2 * p.schools) % p.teams, (u - 2 * p.schools) // p.teams
            org, role = (
                p.team_org(team),
                ["coordinator", "director"][k] if k < 2 else "field_worker",
            )
        yield c.base("core_membership") + u, org, c.base("core_user") + u, role, True, ANCHOR_TIME


def persons(c: Context) -> Iterator[Row]:
    p, t = c.plan, c.tokens
    for i in range(p.persons):
        rng = rng_for(p.seed, PERSON, i)
        team = i % p.teams
        gender = rng.choice("FFMMMX")
        first = rng.choice(c.names.female if gender == "F" else c.names.male)
        last = rng.choice(c.names.last)
        birth = ANCHOR - dt.timedelta(days=rng.randint(10 * 365, 22 * 365))
        phone = rng.choice(t.phones) if rng.random() < 0.5 else t.empty
        yield (c.base("people_person") + i, p.team_org(team), first, last, birth, gender,
               rng.choice(c.communes), "", phone, t.empty, t.empty, *keys(first, last),
               p.field_worker(team, rng), ANCHOR_TIME)  # fmt: skip


@dataclass
class RequestPlan:
    team: int
    anonymous: bool
    received: dt.date
    worker: int
    second: int | None
    themes: list[str]
    status: str
    opened: dt.date
    closed: dt.date | None
    interventions: int
    person: int | None


def request_plan(c: Context, r: int) -> RequestPlan:
    p = c.plan
    rng = rng_for(p.seed, REQUEST, r)
    team = r % p.teams
    received = ANCHOR - dt.timedelta(days=rng.randint(0, 730))
    worker = p.field_worker(team, rng)
    second = p.field_worker(team, rng) if rng.random() < 0.25 else None
    opened = min(ANCHOR, received + dt.timedelta(days=rng.randint(0, 14)))
    old = (ANCHOR - received).days > 365
    status = "closed" if old else rng.choice(["open", "open", "open", "open", "paused"])
    closed = min(ANCHOR, opened + dt.timedelta(days=rng.randint(30, 300))) if old else None
    return RequestPlan(
        team=team,
        anonymous=rng.random() < ANONYMOUS_SHARE,
        received=received,
        worker=worker,
        second=second if second != worker else None,
        themes=rng.sample(THEMES, rng.randint(1, 2)),
        status=status,
        opened=opened,
        closed=closed,
        interventions=rng.randint(*INTERVENTIONS),
        person=p.person_id(team, rng.randrange(p.team_persons(team))),
    )


def requests(c: Context) -> Iterator[Row]:
    for r in range(c.plan.requests):
        q = request_plan(c, r)
        rng = rng_for(c.plan.seed, REQUEST + 100, r)
        anon = q.anonymous
        yield (c.base("casework_request") + r, c.plan.team_org(q.team), q.received,
               rng.choice(REQUESTERS), None if anon else q.person,
               rng.choice(AGE_BANDS) if anon else "", rng.choice("FMX") if anon else "",
               rng.choice(c.communes) if anon else None, rng.choice(c.tokens.summaries),
               q.worker, ANCHOR_TIME)  # fmt: skip


def request_themes(c: Context) -> Iterator[Row]:
    next_id = c.base("casework_requesttheme")
    for r in range(c.plan.requests):
        for theme in request_plan(c, r).themes:
            yield next_id, c.base("casework_request") + r, theme
            next_id += 1


def _followups(c: Context) -> Iterator[tuple[int, int, RequestPlan]]:
    """(follow-up id, request index, plan) of every request that has a follow-up."""
    next_id = c.base("casework_followup")
    for r in range(c.plan.requests):
        q = request_plan(c, r)
        if not q.anonymous:
            yield next_id, r, q
            next_id += 1


def followups(c: Context) -> Iterator[Row]:
    t = c.tokens
    for f, r, q in _followups(c):
        rng = rng_for(c.plan.seed, REQUEST + 200, r)
        is_open = q.status != "closed"
        due = ANCHOR + dt.timedelta(days=rng.randint(-10, 30)) if is_open else None
        yield (f, c.plan.team_org(q.team), c.base("casework_request") + r, q.person, q.status,
               q.opened, rng.choice(t.next_steps) if is_open else t.empty, due, q.closed,
               t.empty if is_open else t.close_reasons[0], "" if is_open else "goal_reached", 1,
               ANCHOR_TIME)  # fmt: skip


def assignments(c: Context) -> Iterator[Row]:
    next_id = c.base("casework_assignment")
    for f, _r, q in _followups(c):
        for worker in (q.worker, q.second):
            if worker is not None:
                yield next_id, c.plan.team_org(q.team), f, worker, q.opened
                next_id += 1


def interventions(c: Context) -> Iterator[Row]:
    next_id = c.base("casework_intervention")
    for f, r, q in _followups(c):
        rng = rng_for(c.plan.seed, INTERVENTION, r)
        span = ((q.closed or ANCHOR) - q.opened).days
        authors = [q.worker] if q.second is None else [q.worker, q.worker, q.second]
        for _ in range(q.interventions):
            day = q.opened + dt.timedelta(days=rng.randint(0, span))
            yield (next_id, c.plan.team_org(q.team), f, day, rng.choice((15, 30, 45, 60, 90)),
                   rng.choice(KINDS), "", rng.choice(c.tokens.notes), rng.choice(authors),
                   ANCHOR_TIME)  # fmt: skip
            next_id += 1
