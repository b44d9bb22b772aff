"""Synthetic caseloads for the demo: requests (some anonymous), follow-ups open, paused and
closed, interventions, consents and referrals, so every screen of the individual axis has
content. Everything is invented (Faker fr_BE)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone
from faker import Faker

from maillage.casework.models import (
    AgeBand,
    Assignment,
    Consent,
    FollowUp,
    Intervention,
    InterventionKind,
    Outcome,
    Referral,
    Request,
    Requester,
    RequestTheme,
    Status,
    Theme,
)
from maillage.core.models import Commune, Organisation, User
from maillage.core.roles import Role
from maillage.people.models import Gender, Person

NOTES = [
    "Échange sur la situation scolaire ; le jeune souhaite changer d'option.",
    "Entretien avec la maman : tensions à la maison depuis la rentrée.",
    "Accompagnement au CPAS pour la demande d'aide, dossier complet.",
    "Le jeune ne s'est pas présenté ; message laissé.",
    "Préparation de l'entretien d'embauche pour le job étudiant.",
    "Rencontre à l'école avec l'éducatrice et le jeune.",
]
NEXT_STEPS = [
    "Rappeler la semaine prochaine",
    "Rendez-vous au CPMS",
    "Préparer le dossier pour le tribunal de la jeunesse",
    "Accompagner à l'entretien à l'école",
]
CASEWORK_ORGS = ["amo-les-passerelles", "projet-accroche"]


def _age_band(birth: date, today: date) -> str:
    age = (today - birth).days // 365
    if age < 12:
        return AgeBand.UNDER_12
    if age < 15:
        return AgeBand.AGE_12_14
    if age < 18:
        return AgeBand.AGE_15_17
    if age <= 21:
        return AgeBand.AGE_18_21
    return AgeBand.OVER_21


def build_caseloads(*, fake: Faker, rng: random.Random, per_worker: int) -> int:
    """Give each field worker of the demo's individual-work organisations a caseload."""
    today = timezone.localdate()
    communes = list(Commune.objects.filter(region="brussels"))
    partners = list(Organisation.objects.exclude(slug__in=CASEWORK_ORGS)[:8])
    created = 0
    for org in Organisation.objects.filter(slug__in=CASEWORK_ORGS):
        workers = list(
            User.objects.filter(
                memberships__organisation=org,
                memberships__role=Role.FIELD_WORKER,
                memberships__is_active=True,
            ).distinct()
        )
        for worker in workers:
            created += _caseload(org, worker, fake, rng, per_worker, today, communes, partners)
    return created


def _caseload(
    org: Organisation,
    worker: User,
    fake: Faker,
    rng: random.Random,
    count: int,
    today: date,
    communes: list[Commune],
    partners: list[Organisation],
) -> int:
    for index in range(count):
        received = today - timedelta(days=rng.randint(3, 700))
        themes = rng.sample(list(Theme.values), k=rng.randint(1, 3))
        if index % 5 == 4:  # an anonymous request, with no follow-up
            request = Request.objects.create(
                organisation=org,
                received_on=received,
                requester=rng.choice(list(Requester.values)),
                age_band=rng.choice(list(AgeBand.values)),
                gender=rng.choice(list(Gender.values)),
                commune=rng.choice(communes),
                summary="Question posée par téléphone, sans suite demandée.",
                recorded_by=worker,
            )
            RequestTheme.objects.bulk_create(
                [RequestTheme(request=request, theme=t) for t in themes]
            )
            continue
        gender = rng.choice([Gender.FEMALE, Gender.MALE, Gender.MALE, Gender.OTHER])
        first = fake.first_name_female() if gender == Gender.FEMALE else fake.first_name_male()
        birth = today - timedelta(days=rng.randint(12 * 365, 21 * 365))
        person = Person.objects.create(
            organisation=org,
            first_name=first,
            last_name=fake.last_name(),
            birth_date=birth,
            gender=gender,
            commune=rng.choice(communes),
            school=f"Athénée {fake.last_name()}" if rng.random() < 0.6 else "",
            phone=f"0470 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            created_by=worker,
        )
        request = Request.objects.create(
            organisation=org,
            received_on=received,
            requester=rng.choice(list(Requester.values)),
            person=person,
            age_band=_age_band(birth, received),
            gender=gender,
            commune=person.commune,
            summary=rng.choice(NOTES),
            recorded_by=worker,
        )
        RequestTheme.objects.bulk_create([RequestTheme(request=request, theme=t) for t in themes])
        status = rng.choice([Status.OPEN, Status.OPEN, Status.OPEN, Status.PAUSED, Status.CLOSED])
        opened = received + timedelta(days=rng.randint(0, 10))
        closed = min(today, opened + timedelta(days=rng.randint(20, 300)))
        followup = FollowUp.objects.create(
            organisation=org,
            request=request,
            person=person,
            status=status,
            opened_on=opened,
            next_step=rng.choice(NEXT_STEPS) if status != Status.CLOSED else "",
            next_step_due=today + timedelta(days=rng.randint(-10, 20))
            if status != Status.CLOSED
            else None,
            closed_on=closed if status == Status.CLOSED else None,
            outcome=rng.choice(list(Outcome.values)) if status == Status.CLOSED else "",
            close_reason="Objectif atteint avec le jeune." if status == Status.CLOSED else "",
        )
        Assignment.objects.create(
            organisation=org, followup=followup, worker=worker, assigned_on=opened
        )
        last = closed if status == Status.CLOSED else today
        span = max(1, (last - opened).days)
        Intervention.objects.bulk_create(
            [
                Intervention(
                    organisation=org,
                    followup=followup,
                    date=opened + timedelta(days=rng.randint(0, span)),
                    duration_minutes=rng.choice([15, 30, 45, 60, 90]),
                    kind=rng.choice(list(InterventionKind.values)),
                    present=rng.choice(
                        ["Le jeune", "Le jeune et sa mère", "Le jeune, l'éducateur"]
                    ),
                    notes=rng.choice(NOTES),
                    author=worker,
                )
                for _ in range(rng.randint(1, 6))
            ]
        )
        if partners and rng.random() < 0.3:
            partner = rng.choice(partners)
            consent = Consent.objects.create(
                organisation=org,
                followup=followup,
                shared_with=partner,
                scope=rng.choice(["existence", "summary"]),
                given_on=opened + timedelta(days=1),
                recorded_by=worker,
            )
            Referral.objects.create(
                organisation=org,
                followup=followup,
                to_organisation=partner,
                consent=consent,
                sent_on=opened + timedelta(days=2),
                status=rng.choice(["sent", "accepted", "ended"]),
                note="Orientation vers un partenaire du réseau.",
                created_by=worker,
            )
    return count
