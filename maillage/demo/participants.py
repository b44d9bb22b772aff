"""Who takes part in the demo's activities: young people, their registrations and attendance.

Invented (Faker fr_BE) and reproducible from the seed. The full camp goes through the
registration service, so its waiting list is what the rule makes of it; the other
registrations and every attendance row are written in bulk, their number growing with the
scale. The bulk rows respect the same rules: within the places and the age range, the price
of `registrations._amount`, a parent's form carrying brothers and sisters together.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from maillage.activities import services
from maillage.activities.models import (
    Activity,
    Attendance,
    PaymentStatus,
    PriceTier,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    Session,
)
from maillage.activities.rules import age_in_range
from maillage.core.models import Commune, Organisation, User
from maillage.people.models import Gender, Person

FULL_CAMP_PLACES, FULL_CAMP_REGISTRATIONS = 12, 15
CENT = Decimal("0.01")
HEALTH_NOTES = [
    "Allergie aux arachides.",
    "Asthme : inhalateur dans le sac.",
    "Repas sans porc.",
    "Diabète de type 1, gère son traitement.",
    "Porte des lunettes pour le sport.",
]
RELATIVES = ["grand-mère", "oncle", "tante", "voisine", "grand frère"]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def amount_for(tier: PriceTier, sibling: bool, reduction: int) -> Decimal:
    """The price rule of `registrations._amount`, for the rows written in bulk."""
    amount = tier.amount * (100 - reduction) / 100 if sibling else tier.amount
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Team:
    """An organisation of the demo with its field workers and the young people it knows."""

    org: Organisation
    actor: User  # bound to `org`: the services check who acts for whom
    workers: list[User]
    communes: list[Commune]
    young: list[Person] = field(default_factory=list)
    family: dict[int, int] = field(default_factory=dict)  # person pk -> family number


class Participants:
    def __init__(self, fake: Faker, rng: random.Random, today: date) -> None:
        self.fake, self.rng, self.today = fake, rng, today
        self.attendance: list[Attendance] = []

    def phone(self) -> str:
        digits = " ".join(str(self.rng.randint(10, 99)) for _ in range(3))
        return f"0470 {digits}"

    def emergency(self) -> str:
        return f"{self.fake.first_name()} ({self.rng.choice(RELATIVES)}) {self.phone()}"

    def health(self) -> str:
        return self.rng.choice(HEALTH_NOTES) if self.rng.random() < 0.2 else ""

    def guardian(self) -> dict[str, Any]:
        name = self.fake.name()
        return {
            "guardian_name": name,
            "guardian_email": f"{slugify(name)}.{self.rng.randint(1, 99)}@parents.example",
            "guardian_phone": self.phone(),
            "emergency_contact": self.emergency(),
            "parental_authorisation": True,
            "photo_consent": self.rng.random() < 0.75,
        }

    def children(self, team: Team, count: int, ages: tuple[int, int]) -> None:
        """Young people known only through the activities: most first registered online by a
        parent (no worker recorded them), some brothers and sisters."""
        people: list[Person] = []
        families: list[int] = []
        family = 0
        while len(people) < count:
            family += 1
            last_name, commune = self.fake.last_name(), self.rng.choice(team.communes)
            created_by = None if self.rng.random() < 0.7 else self.rng.choice(team.workers)
            for _ in range(2 if self.rng.random() < 0.3 else 1):
                female = self.rng.random() < 0.5
                days = self.rng.randint(ages[0] * 365 + 30, ages[1] * 365 + 300)
                person = Person(
                    organisation=team.org,
                    first_name=self.fake.first_name_female()
                    if female
                    else self.fake.first_name_male(),
                    last_name=last_name,
                    birth_date=self.today - timedelta(days=days),
                    gender=Gender.FEMALE if female else Gender.MALE,
                    commune=commune,
                    created_by=created_by,
                )
                person.refresh_keys()  # bulk_create skips save(), which keeps them
                people.append(person)
                families.append(family)
        Person.objects.bulk_create(people, batch_size=1000)
        team.young.extend(people)
        team.family.update({p.pk: f for p, f in zip(people, families, strict=True)})

    def eligible(self, team: Team, activity: Activity) -> list[Person]:
        return [p for p in team.young if age_in_range(activity, p.birth_date)]

    def fill_full_camp(self, team: Team, activity: Activity, tiers: list[PriceTier]) -> None:
        """More children than places, through the service: the last ones wait, in order."""
        for person in self.rng.sample(self.eligible(team, activity), FULL_CAMP_REGISTRATIONS):
            # No parent's e-mail: the service would send a confirmation at the commit.
            services.registration_create(
                actor=team.actor,
                activity=activity,
                person=person,
                price_tier=self.rng.choice(tiers),
                guardian_name=self.fake.name(),
                guardian_phone=self.phone(),
                emergency_contact=self.emergency(),
                health_notes=self.health(),
                parental_authorisation=True,
                photo_consent=self.rng.random() < 0.75,
            )

    def payment(self, activity: Activity, amount: Decimal) -> tuple[str, date | None]:
        if not amount:
            return PaymentStatus.WAIVED, None
        roll = self.rng.random()
        if roll < (0.85 if activity.starts_on <= self.today else 0.45):
            before = activity.starts_on - timedelta(days=self.rng.randint(0, 20))
            return PaymentStatus.PAID, min(before, self.today)
        return (PaymentStatus.WAIVED, None) if roll > 0.95 else (PaymentStatus.DUE, None)

    def register(
        self,
        team: Team,
        activity: Activity,
        tiers: list[PriceTier],
        sessions: list[Session],
        count: int,
    ) -> None:
        """Up to `count` confirmed registrations (within the places), sometimes one later
        cancelled, then the attendance of the sessions before today."""
        eligible = self.eligible(team, activity)
        chosen = self.rng.sample(eligible, k=min(count, len(eligible)))
        chosen.sort(key=lambda p: team.family.get(p.pk, -p.pk))  # a family on one form
        recorder = activity.staff.order_by("pk").first() or team.actor
        forms: dict[int, tuple[uuid.UUID, dict[str, Any]]] = {}
        rows = []
        for person in chosen:
            tier = self.rng.choices(tiers, weights=[5, 3, 2][: len(tiers)])[0]
            details: dict[str, Any]
            submission, sibling = None, False
            if person.created_by_id is None:  # first known through a parent's online form
                family = team.family.get(person.pk, -person.pk)
                sibling = family in forms and bool(activity.sibling_reduction)
                if family not in forms:
                    forms[family] = (uuid.UUID(int=self.rng.getrandbits(128)), self.guardian())
                submission, details = forms[family]
            else:
                details = self.guardian()
                if self.rng.random() < 0.5:
                    details["guardian_email"] = ""
            amount = amount_for(tier, sibling, activity.sibling_reduction)
            payment, paid_on = self.payment(activity, amount)
            online = submission is not None
            rows.append(
                Registration(
                    organisation_id=activity.organisation_id,
                    activity=activity,
                    person=person,
                    status=RegistrationStatus.CONFIRMED,
                    source=RegistrationSource.ONLINE if online else RegistrationSource.WORKER,
                    submission=submission,
                    price_tier=tier,
                    amount_due=amount,
                    sibling_reduction=sibling,
                    payment_status=payment,
                    paid_on=paid_on,
                    health_notes=self.health(),
                    registered_by=None if online else recorder,
                    confirmed_at=_aware(min(activity.starts_on, self.today) - timedelta(21)),
                    **details,
                )
            )
        if rows and self.rng.random() < 0.25:
            rows[-1].status = RegistrationStatus.CANCELLED
            rows[-1].cancelled_at = _aware(min(activity.starts_on, self.today) - timedelta(3))
        Registration.objects.bulk_create(rows, batch_size=1000)
        past = [s for s in sessions if s.date < self.today]
        for registration in rows:
            if registration.status != RegistrationStatus.CONFIRMED:
                continue
            keen = self.rng.uniform(0.6, 1.0)  # most children come to most sessions
            self.attendance.extend(
                Attendance(
                    organisation_id=activity.organisation_id,
                    session=session,
                    registration=registration,
                    present=self.rng.random() < keen,
                    recorded_by=recorder,
                )
                for session in past
            )

    def save_attendance(self) -> None:
        Attendance.objects.bulk_create(self.attendance, batch_size=2000)
