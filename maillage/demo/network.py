"""The demo's network records: the street-work network's workers placed in the partner
structures created beside them (seed 000), a few of them with an earlier placement; agreements
of the network, the AMO and the cohesion coordination (one of each kind due for renewal);
trainings with participants. Invented and reproducible from the seed; written in bulk.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from maillage.core.models import Membership, Organisation, OrganisationKind, User
from maillage.core.roles import Role
from maillage.demo.accounts import AMO, COHESION, NETWORK
from maillage.network.models import (
    Agreement,
    AgreementStatus,
    Placement,
    Training,
    TrainingDay,
)

HOURS = (Decimal("19"), Decimal("28.5"), Decimal("38"))
TRAININGS = (
    ("Travail de rue et approche communautaire", "Centre de formation en travail social"),
    ("Écoute active et premier accueil", "Asbl Parole et Écoute"),
    ("Secret professionnel et partage d'informations", "Service juridique jeunesse"),
    ("Animer un groupe de jeunes", "Formateurs associés"),
    ("Premiers secours", "Croix de secours (fictive)"),
)


def _workers(org: Organisation) -> list[User]:
    ids = Membership.objects.filter(
        organisation=org, role=Role.FIELD_WORKER, is_active=True
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


def _placements(
    network: Organisation, partners: list[Organisation], rng: random.Random, today: date
) -> list[Placement]:
    coordinators = {
        m.organisation_id: m.user
        for m in Membership.objects.filter(
            organisation__in=partners, role=Role.COORDINATOR
        ).select_related("user")
    }
    rows = []
    for i, worker in enumerate(_workers(network)):
        partner = partners[i % len(partners)]
        start = today - timedelta(days=rng.randint(60, 1200))
        coordinator = coordinators.get(partner.pk)
        rows.append(
            Placement(
                organisation=network,
                worker=worker,
                host=partner,
                starts_on=start,
                hours_per_week=rng.choice(HOURS),
                coordinator_name=coordinator.get_full_name() if coordinator else "",
                coordinator_contact=partner.email,
                note="",
            )
        )
        if rng.random() < 0.25:  # an earlier placement, ended when this one began
            rows.append(
                Placement(
                    organisation=network,
                    worker=worker,
                    host=None,
                    host_name=f"Service jeunesse de {partners[(i + 1) % len(partners)].commune}",
                    starts_on=start - timedelta(days=rng.randint(200, 700)),
                    ends_on=start - timedelta(days=1),
                    hours_per_week=rng.choice(HOURS),
                    coordinator_name="",
                )
            )
    return rows


def _agreement(
    org: Organisation,
    title: str,
    start: date,
    end: date | None,
    status: str,
    amount: Decimal | None,
    others: str = "",
) -> Agreement:
    return Agreement(
        organisation=org,
        title=title,
        other_parties=others,
        starts_on=start,
        ends_on=end,
        status=status,
        amount=amount,
        notice_days=90,
        alert_on=Agreement.alert_date(end, 90),
    )


def _agreements(
    network: Organisation,
    partners: list[Organisation],
    amo: Organisation | None,
    cohesion: Organisation | None,
    today: date,
) -> None:
    year = today.year
    rows: list[tuple[Agreement, list[Organisation]]] = [
        (
            _agreement(
                network,
                "Convention de mise à disposition des animateurs",
                date(year - 2, 1, 1),
                today + timedelta(days=45),
                AgreementStatus.SIGNED,
                None,
                "Collège des bourgmestre et échevins (communes partenaires)",
            ),
            partners[:4],
        ),
        (
            _agreement(
                network,
                "Convention-cadre de financement du travail de rue",
                date(year, 1, 1),
                date(year + 2, 12, 31),
                AgreementStatus.SIGNED,
                Decimal("412500"),
                "Fonds régional jeunesse (fictif)",
            ),
            [],
        ),
        (
            _agreement(
                network,
                "Partenariat pour le festival de quartier",
                date(year - 1, 3, 1),
                date(year - 1, 9, 30),
                AgreementStatus.ENDED,
                Decimal("8000"),
            ),
            partners[4:6],
        ),
    ]
    if amo is not None:
        rows.append(
            (
                _agreement(
                    amo,
                    "Convention d'occupation des locaux communaux",
                    date(year - 3, 9, 1),
                    today + timedelta(days=70),
                    AgreementStatus.SIGNED,
                    Decimal("1200"),
                    "Commune de Saint-Gilles",
                ),
                [],
            )
        )
        rows.append(
            (
                _agreement(
                    amo,
                    "Projet d'accueil extrascolaire",
                    today + timedelta(days=30),
                    None,
                    AgreementStatus.DRAFT,
                    None,
                ),
                [network],
            )
        )
    if cohesion is not None:
        rows.append(
            (
                _agreement(
                    cohesion,
                    "Programme local de cohésion sociale — conventions",
                    date(year - 1, 1, 1),
                    date(year + 3, 12, 31),
                    AgreementStatus.SIGNED,
                    Decimal("950000"),
                    "Commission communautaire (fictive)",
                ),
                [],
            )
        )
    Agreement.objects.bulk_create([agreement for agreement, _parties in rows])
    through = Agreement.parties.through
    through.objects.bulk_create(
        through(agreement_id=agreement.pk, organisation_id=party.pk)
        for agreement, parties in rows
        for party in parties
    )


def _trainings(
    org: Organisation, workers: list[User], fake: Faker, rng: random.Random, today: date, count: int
) -> None:
    if not workers:
        return
    trainings = []
    for i in range(count):
        title, trainer = TRAININGS[i % len(TRAININGS)]
        trainings.append(
            Training(
                organisation=org,
                title=title,
                trainer=trainer,
                place=f"{fake.city()} (salle de formation)",
            )
        )
    Training.objects.bulk_create(trainings)
    days, links = [], []
    through = Training.participants.through
    for i, training in enumerate(trainings):
        first = today - timedelta(days=rng.randint(-40, 500))
        for n in range(1 + i % 3):
            days.append(
                TrainingDay(
                    organisation=org,
                    training=training,
                    date=first + timedelta(days=n),
                    hours=rng.choice((Decimal("3"), Decimal("3.5"), Decimal("6"))),
                )
            )
        group = rng.sample(workers, k=min(len(workers), rng.randint(2, 8)))
        links += [through(training_id=training.pk, user_id=w.pk) for w in group]
    TrainingDay.objects.bulk_create(days)
    through.objects.bulk_create(links)


def build_network(*, fake: Faker, rng: random.Random, scale: float) -> None:
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=[NETWORK, AMO, COHESION])}
    network = orgs.get(NETWORK)
    if network is None:
        return
    today = timezone.localdate()
    # The partner structures are created right after the network, one per street worker.
    upper = orgs[AMO].pk if AMO in orgs else None
    partners_qs = Organisation.objects.filter(
        pk__gt=network.pk,
        kind__in=[
            OrganisationKind.NEIGHBOURHOOD_HOUSE,
            OrganisationKind.YOUTH_CENTRE,
            OrganisationKind.AMO,
            OrganisationKind.COMMUNAL_SERVICE,
        ],
    )
    if upper is not None:
        partners_qs = partners_qs.filter(pk__lt=upper)
    partners = list(partners_qs.order_by("pk"))
    if not partners:
        return
    Placement.objects.bulk_create(_placements(network, partners, rng, today))
    _agreements(network, partners, orgs.get(AMO), orgs.get(COHESION), today)
    count = max(2, min(5, round(5 * scale)))
    _trainings(network, _workers(network), fake, rng, today, count)
    if AMO in orgs:
        _trainings(orgs[AMO], _workers(orgs[AMO]), fake, rng, today, max(1, count - 2))
