"""The demo's collective axis: for each organisation of the demo that works with young people,
holiday camps at democratic prices, weekly workshops, school animations and events, across the
demo communes, with their registrations, one full camp with a waiting list and the attendance
of the past sessions. Invented (Faker fr_BE) and reproducible from the seed.

Activities, prices and sessions go through `activities.services`, which check the rules (a
camp inside the school holidays, sessions within the dates, skipping the holidays); their
number hardly grows with the scale. Who takes part is `participants.py`, written in bulk.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from faker import Faker

from maillage.activities import services
from maillage.activities.models import (
    Activity,
    ActivityKind,
    PriceTier,
    SchoolHoliday,
    Session,
)
from maillage.core.models import Commune, Organisation, OrganisationKind, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.demo.accounts import AMO, DROPOUT, NETWORK
from maillage.demo.holidays import (
    ensure_school_holidays,
    next_weekday,
    public_holidays,
    school_year_of,
    school_year_start,
)
from maillage.demo.participants import (
    FULL_CAMP_PLACES,
    FULL_CAMP_REGISTRATIONS,
    Participants,
    Team,
)
from maillage.people.models import Person

DEMO_FIELD_WORKER = "terrain@maillage.example"
PLACES = [
    "Maison de quartier",
    "Salle polyvalente communale",
    "Local de l'association",
    "Centre sportif communal",
    "Centre culturel",
]
RESIDENCES = ["Gîte de groupe en Ardenne", "Centre de vacances à la mer"]
CLASSES = ["5e primaire A", "6e primaire B", "1re secondaire C", "2e secondaire A", "3e secondaire"]


@dataclass(frozen=True)
class Plan:
    """What an organisation runs."""

    slug: str
    communes: tuple[str, ...]
    camps: str  # "all" holiday periods, "summer" only, or "" for none
    camp_titles: tuple[str, ...]
    camp_ages: tuple[tuple[int, int], ...]
    workshops: tuple[tuple[str, int, int], ...]  # title, minimum and maximum age
    animations: tuple[str, ...]
    events: tuple[str, ...]
    children: int  # young people known only through the activities, at scale 1
    child_ages: tuple[int, int]


PLANS = (
    Plan(
        AMO,
        ("Saint-Gilles", "Forest", "Ixelles"),
        "all",
        ("Stage nature", "Stage cirque", "Stage multisports", "Stage théâtre", "Stage cuisine"),
        ((6, 12), (6, 14), (10, 15)),
        (
            ("Atelier djembé", 8, 16),
            ("Arts plastiques", 6, 12),
            ("Sport en salle", 10, 18),
            ("Soutien scolaire", 12, 18),
        ),
        ("Animation « Vivre ensemble »", "Prévention du harcèlement"),
        ("Fête de quartier",),
        40,
        (6, 14),
    ),
    Plan(
        DROPOUT,
        ("Anderlecht", "Molenbeek-Saint-Jean"),
        "summer",
        ("Séjour de remobilisation",),
        ((15, 21),),
        (
            ("Atelier remobilisation", 15, 25),
            ("Méthode de travail", 12, 18),
            ("Sport et confiance en soi", 14, 25),
        ),
        ("Prévention du décrochage scolaire",),
        ("Forum des métiers",),
        20,
        (13, 19),
    ),
    Plan(
        NETWORK,
        ("Bruxelles", "Schaerbeek", "Molenbeek-Saint-Jean", "Anderlecht", "Jette", "Evere"),
        "",
        (),
        (),
        (("Mini-foot de rue", 12, 18), ("Graff et street art", 12, 18)),
        (),
        ("Festival des quartiers",),
        20,
        (12, 17),
    ),
)


class _Builder:
    def __init__(
        self, fake: Faker, rng: random.Random, scale: float, holidays: list[SchoolHoliday]
    ) -> None:
        self.fake, self.rng, self.scale, self.holidays = fake, rng, scale, holidays
        self.today = timezone.localdate()
        self.people = Participants(fake, rng, self.today)
        self.full_camp_done = False

    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def team(self, plan: Plan) -> Team | None:
        org = Organisation.objects.filter(slug=plan.slug).first()
        workers = list(
            User.objects.filter(
                memberships__organisation=org,
                memberships__role=Role.FIELD_WORKER,
                memberships__is_active=True,
            )
            .distinct()
            .order_by("pk")
        )
        if org is None or not workers:
            return None
        bind_organisation(workers[0], org.pk, frozenset({Role.FIELD_WORKER}))
        team = Team(
            org=org,
            actor=workers[0],
            workers=workers,
            communes=list(Commune.objects.filter(name__in=plan.communes).order_by("name")),
            young=list(Person.objects.filter(organisation=org).current().order_by("pk")),
        )
        # The full camp needs its registrations at any scale.
        count = max(FULL_CAMP_REGISTRATIONS + 9, self.n(plan.children))
        self.people.children(team, count, plan.child_ages)
        return team

    def create(self, team: Team, kind: str, title: str, starts_on: date, **fields: Any) -> Activity:
        fields.setdefault("ends_on", starts_on)
        fields.setdefault("commune", self.rng.choice(team.communes))
        fields.setdefault("staff", self.rng.sample(team.workers, k=min(2, len(team.workers))))
        return services.activity_create(
            actor=team.actor,
            organisation=team.org,
            kind=kind,
            title=title,
            starts_on=starts_on,
            **fields,
        )

    def prices(self, team: Team, activity: Activity, full: int) -> list[PriceTier]:
        """Democratic prices: full, reduced and, often, free on a CPAS certificate."""
        tiers = [("Plein tarif", full, ""), ("Tarif réduit", full // 2, "Revenus modestes")]
        if self.rng.random() < 0.7:
            tiers.append(("Gratuit (CPAS)", 0, "Sur attestation du CPAS"))
        return [
            services.price_tier_add(
                actor=team.actor,
                activity=activity,
                label=label,
                amount=Decimal(amount),
                description=description,
            )
            for label, amount, description in tiers
        ]

    def sessions(
        self, team: Team, activity: Activity, weekdays: list[int], hours: tuple[time, time]
    ) -> list[Session]:
        return services.sessions_generate(
            actor=team.actor,
            activity=activity,
            weekdays=weekdays,
            starts_at=hours[0],
            ends_at=hours[1],
            # A camp takes place in the holidays; the rest of the year pauses during them.
            skip_holidays=activity.kind != ActivityKind.CAMP,
        )

    def camps(self, team: Team, plan: Plan) -> None:
        if not plan.camps:
            return
        # A year back and six months ahead; a small network (tests) gets less history.
        back, ahead = (365, 200) if self.scale >= 0.5 else (150, 120)
        start, end = self.today - timedelta(days=back), self.today + timedelta(days=ahead)
        for period in self.holidays:
            summer = (period.ends_on - period.starts_on).days > 30
            if period.ends_on < start or period.starts_on > end:
                continue
            if plan.camps == "summer" and not summer:
                continue
            monday = next_weekday(period.starts_on, 0)
            # Summer: a camp in July and one in August.
            for week in [monday, monday + timedelta(weeks=5)] if summer else [monday]:
                for _ in range(self.n(1)):
                    self.camp(team, plan, week)

    def camp(self, team: Team, plan: Plan, monday: date) -> None:
        upcoming = monday > self.today
        full = upcoming and plan.slug == AMO and not self.full_camp_done
        residential = plan.slug == DROPOUT or self.rng.random() < 0.15
        age_min, age_max = (6, 15) if full else self.rng.choice(plan.camp_ages)
        activity = self.create(
            team,
            ActivityKind.CAMP,
            self.rng.choice(plan.camp_titles),
            monday,
            ends_on=monday + timedelta(days=4),
            description="Cinq jours d'activités, de jeux et de découvertes en groupe.",
            place=self.rng.choice(RESIDENCES if residential else PLACES),
            residential=residential,
            age_min=age_min,
            age_max=age_max,
            places=FULL_CAMP_PLACES if full else self.rng.choice([12, 14, 16, 20]),
            is_public=True,
            registration_open=upcoming,
            sibling_reduction=self.rng.choice([25, 50]),
        )
        full_price = self.rng.choice([40, 60, 80]) * (2 if residential else 1)
        tiers = self.prices(team, activity, full_price)
        sessions = self.sessions(team, activity, [0, 1, 2, 3, 4], (time(9), time(16)))
        closed = [s.pk for s in sessions if s.date in public_holidays(monday.year)]
        Session.objects.filter(pk__in=closed).delete()  # no camp on Christmas Day
        sessions = [s for s in sessions if s.pk not in closed]
        if full:
            self.people.fill_full_camp(team, activity, tiers)
            self.full_camp_done = True
            return
        assert activity.places is not None
        share = self.rng.uniform(0.3, 0.7) if upcoming else self.rng.uniform(0.6, 1.0)
        self.people.register(team, activity, tiers, sessions, round(activity.places * share))

    def workshops(self, team: Team, plan: Plan, demo_worker: User | None) -> None:
        """This school year's weekly workshops and, for a large network, one of last year's."""
        year = school_year_of(self.today)
        first = next_weekday(school_year_start(year) + timedelta(days=14), 0)
        start = min(first, self.today - timedelta(days=7))
        end = max(date(year + 1, 6, 30), self.today + timedelta(days=28))
        catalogue = plan.workshops
        for index in range(max(2, self.n(len(catalogue)))):
            title, low, high = catalogue[index % len(catalogue)]
            if index >= len(catalogue):
                title = f"{title} (groupe {index // len(catalogue) + 1})"
            # The demo field worker's workshop meets today: its attendance page has a roll.
            mine = demo_worker if index == 0 else None
            weekday = self.today.weekday() if mine else self.rng.choice([0, 1, 2, 2, 3, 4, 5])
            self.workshop(team, title, (low, high), (start, end), weekday, mine)
        if self.scale >= 0.5:
            title, low, high = catalogue[-1]
            last_year = next_weekday(school_year_start(year - 1) + timedelta(days=14), 0)
            self.workshop(team, title, (low, high), (last_year, date(year, 6, 30)), 2, None)

    def workshop(
        self,
        team: Team,
        title: str,
        ages: tuple[int, int],
        dates: tuple[date, date],
        weekday: int,
        demo_worker: User | None,
    ) -> None:
        hours = {2: (time(14), time(16)), 5: (time(10), time(12)), 6: (time(10), time(12))}
        starts_at, ends_at = hours.get(weekday, (time(16), time(18)))
        staff = self.rng.sample(team.workers, k=min(2, len(team.workers)))
        if demo_worker is not None and demo_worker not in staff:
            staff = [demo_worker, *staff[:1]]
        open_online = dates[1] >= self.today and self.rng.random() < 0.6
        activity = self.create(
            team,
            ActivityKind.WORKSHOP,
            title,
            dates[0],
            ends_on=dates[1],
            description="Un atelier chaque semaine, hors congés scolaires.",
            place=self.rng.choice(PLACES),
            age_min=ages[0],
            age_max=ages[1],
            places=self.rng.choice([10, 12, 15]),
            staff=staff,
            is_public=open_online,
            registration_open=open_online,
            sibling_reduction=self.rng.choice([0, 25]),
        )
        tiers = self.prices(team, activity, self.rng.choice([20, 30, 40]))
        sessions = self.sessions(team, activity, [weekday], (starts_at, ends_at))
        if demo_worker is not None and not any(s.date == self.today for s in sessions):
            # Today is in the holidays: the group meets anyway, once.
            sessions.append(
                services.session_add(
                    actor=team.actor,
                    activity=activity,
                    date=self.today,
                    starts_at=starts_at,
                    ends_at=ends_at,
                )
            )
        assert activity.places is not None
        count = self.rng.randint(activity.places // 2, activity.places)
        self.people.register(team, activity, tiers, sessions, count)

    def animations(self, team: Team, plan: Plan, schools: list[Organisation]) -> None:
        """A class of a school, counted by headcount: one animation done, one to come."""
        for title in plan.animations:
            for days in (-self.rng.randint(20, 120), self.rng.randint(15, 90)):
                day = self.school_day(self.today + timedelta(days=days))
                school = self.rng.choice(schools) if schools else None
                activity = self.create(
                    team,
                    ActivityKind.SCHOOL_ANIMATION,
                    title,
                    day,
                    ends_on=day + timedelta(days=14),
                    commune=school.commune if school else self.rng.choice(team.communes),
                    school=school.name if school else f"École {self.fake.last_name()}",
                    school_class=self.rng.choice(CLASSES),
                    partners=[school] if school else [],
                    description="Trois séances en classe, avec l'enseignant·e.",
                )
                sessions = self.sessions(team, activity, [day.weekday()], (time(10), time(12)))
                pupils = self.rng.randint(18, 26)
                for session in sessions:
                    if session.date < self.today:
                        Session.objects.filter(pk=session.pk).update(
                            headcount=pupils - self.rng.randint(0, 3)
                        )

    def events(self, team: Team, plan: Plan, partners: list[Organisation]) -> None:
        """A Saturday open to all: last one's headcount, the next one on the public calendar."""
        for title in plan.events:
            for days in (-self.rng.randint(40, 150), self.rng.randint(20, 90)):
                day = next_weekday(self.today + timedelta(days=days), 5)
                activity = self.create(
                    team,
                    ActivityKind.EVENT,
                    f"{title} {day.year}",
                    day,
                    description="Stands, animations, concerts : ouvert à toutes et à tous.",
                    place=self.rng.choice(PLACES),
                    partners=self.rng.sample(partners, k=min(3, len(partners))),
                    is_public=True,
                )
                session = services.session_add(
                    actor=team.actor,
                    activity=activity,
                    date=day,
                    starts_at=time(13),
                    ends_at=time(18),
                )
                if day < self.today:
                    Session.objects.filter(pk=session.pk).update(
                        headcount=self.rng.randint(60, 250)
                    )

    def school_day(self, day: date) -> date:
        """A Tuesday or Thursday on or after `day`, outside the holidays."""
        day = next_weekday(day, self.rng.choice([1, 3]))
        while any(h.starts_on <= day <= h.ends_on for h in self.holidays):
            day += timedelta(weeks=1)
        return day


def build_activities(*, fake: Faker, rng: random.Random, scale: float) -> int:
    """The collective axis of the demo; returns the number of activities created."""
    today = timezone.localdate()
    holidays = ensure_school_holidays(
        max(date(2022, 8, 29), today - timedelta(days=730)), today + timedelta(days=365)
    )
    builder = _Builder(fake, rng, scale, holidays)
    schools = list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("pk"))
    partners = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.NEIGHBOURHOOD_HOUSE, OrganisationKind.YOUTH_CENTRE]
        ).order_by("pk")[:12]
    )
    for plan in PLANS:
        team = builder.team(plan)
        if team is None:
            continue
        demo_worker = next((u for u in team.workers if u.email == DEMO_FIELD_WORKER), None)
        builder.camps(team, plan)
        builder.workshops(team, plan, demo_worker)
        builder.animations(team, plan, schools)
        builder.events(team, plan, partners)
    builder.people.save_attendance()
    return Activity.objects.filter(organisation__slug__in=[p.slug for p in PLANS]).count()
