"""The demo's programmes: the cohesion coordination's five-year social-cohesion programme
(seed 003: ~20 funded associations, a €984,025 envelope, a convention per association with
the coordination) with its budget lines and a year of spending, and the ESF project run by
the dropout project (seed 004) with its funder. Invented and reproducible from the seed;
written in bulk.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from maillage.core.models import Commune, Organisation, OrganisationKind, User
from maillage.demo.accounts import AMO, COHESION, DROPOUT
from maillage.network.models import Agreement, AgreementStatus
from maillage.programmes.indicators import CATALOGUE
from maillage.programmes.models import (
    BudgetLine,
    FundedProject,
    IndicatorTarget,
    Programme,
    ProgrammeKind,
    Spending,
)

ENVELOPE = Decimal("984025")
ESF_ENVELOPE = Decimal("312400")
CENT = Decimal("0.01")
# The share of the envelope granted to the associations; the rest runs the coordination.
GRANTED_SHARE = Decimal("0.88")
PROJECT_THEMES = (
    "Soutien scolaire et accrochage",
    "Alphabétisation des parents",
    "Accueil des primo-arrivants",
    "Ateliers sportifs de quartier",
    "Expression artistique des jeunes",
    "Cohabitation et médiation de voisinage",
    "Permanence sociale et juridique",
    "Citoyenneté et participation des jeunes",
)
COORDINATION_LINES = (
    ("Coordination locale (personnel)", Decimal("78000")),
    ("Concertation et événements", Decimal("21000")),
    ("Formation des intervenant·es", Decimal("9600")),
)
ESF_LINES = (
    ("Personnel d'accompagnement", Decimal("228000")),
    ("Ateliers collectifs", Decimal("52400")),
    ("Frais de fonctionnement", Decimal("32000")),
)


def _funder(name: str, slug: str) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": OrganisationKind.FUNDER,
            "commune": Commune.objects.get(name="Bruxelles"),
            "email": f"contact@{slug}.example",
        },
    )
    return organisation


def _funded_organisations(cohesion: Organisation) -> list[Organisation]:
    """The coordination's associations, then youth centres and the AMO: about twenty."""
    associations = list(
        Organisation.objects.filter(name__startswith="ASBL ", commune=cohesion.commune).order_by(
            "pk"
        )[:17]
    )
    others = list(
        Organisation.objects.filter(kind=OrganisationKind.YOUTH_CENTRE).order_by("pk")[:2]
    )
    others += list(Organisation.objects.filter(slug=AMO))
    return associations + others


def _split(total: Decimal, count: int, rng: random.Random) -> list[Decimal]:
    """`total` shared among `count` projects by random weights, in whole 25 €, summing to at
    most `total`."""
    weights = [rng.uniform(0.5, 2.0) for _ in range(count)]
    scale = float(total) / sum(weights)
    return [Decimal(int(w * scale / 25) * 25) for w in weights]


def _programme_coordinator() -> User | None:
    return User.objects.filter(email="programme@maillage.example").first()


def _tranches(
    programme: Programme,
    line: BudgetLine,
    project: FundedProject | None,
    yearly: Decimal,
    count: int,
    today: date,
    label: str,
    recorded_by: User | None,
) -> list[Spending]:
    """`count` equal payments over the past year, none before the programme starts."""
    amount = (yearly / count).quantize(CENT)
    rows = []
    for i in range(count):
        day = today - timedelta(days=int(365 * (count - i) / count) - 1)
        if day < programme.starts_on or day > programme.ends_on or amount <= 0:
            continue
        rows.append(
            Spending(
                programme=programme,
                budget_line=line,
                project=project,
                spent_on=day,
                amount=amount,
                description=f"{label} ({i + 1}/{count})",
                recorded_by=recorded_by,
            )
        )
    return rows


def _targets(programme: Programme, rng: random.Random, today: date) -> None:
    """Targets for a few indicators of the catalogue, for this year (if the catalogue has any:
    the axes' modules register them)."""
    year = (date(today.year, 1, 1), date(today.year, 12, 31))
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            programme=programme,
            indicator=code,
            period_start=year[0],
            period_end=year[1],
            target=rng.randint(4, 40) * 10,
        )
        for code in sorted(CATALOGUE)[:4]
    )


def _cohesion(
    cohesion: Organisation, rng: random.Random, today: date, recorded_by: User | None
) -> None:
    start = date(today.year - 1, 1, 1)
    programme = Programme.objects.create(
        organisation=cohesion,
        title=f"Plan local de cohésion sociale {start.year}-{start.year + 4}",
        slug=f"cohesion-sociale-{start.year}-{start.year + 4}",
        kind=ProgrammeKind.SOCIAL_COHESION,
        starts_on=start,
        ends_on=date(start.year + 4, 12, 31),
        envelope=ENVELOPE,
        description="Programme quinquennal : projets associatifs conventionnés, "
        "concertation locale et coordination.",
    )
    programme.funders.set([_funder("Commission communautaire (fictive)", "cocom-fictive")])
    organisations = _funded_organisations(cohesion)
    amounts = _split(ENVELOPE * GRANTED_SHARE, len(organisations), rng)
    agreements = [
        Agreement(
            organisation=cohesion,
            title=f"Convention de cohésion sociale — {org.name}",
            other_parties="Commission communautaire (fictive)",
            starts_on=programme.starts_on,
            ends_on=programme.ends_on,
            status=AgreementStatus.SIGNED,
            amount=amount,
            notice_days=90,
            alert_on=Agreement.alert_date(programme.ends_on, 90),
        )
        for org, amount in zip(organisations, amounts, strict=True)
    ]
    Agreement.objects.bulk_create(agreements)
    Agreement.parties.through.objects.bulk_create(
        Agreement.parties.through(agreement_id=a.pk, organisation_id=org.pk)
        for a, org in zip(agreements, organisations, strict=True)
    )
    projects = FundedProject.objects.bulk_create(
        FundedProject(
            programme=programme,
            organisation=org,
            title=rng.choice(PROJECT_THEMES),
            amount=amount,
            agreement=agreement,
        )
        for org, amount, agreement in zip(organisations, amounts, agreements, strict=True)
    )
    grants = BudgetLine.objects.create(
        programme=programme, label="Subventions aux associations", planned=sum(amounts)
    )
    lines = [
        BudgetLine.objects.create(programme=programme, label=label, planned=planned)
        for label, planned in COORDINATION_LINES
    ]
    spendings: list[Spending] = []
    for project in projects:
        # A five-year grant paid in quarterly tranches.
        spendings += _tranches(
            programme, grants, project, project.amount / 5, 4, today, "Tranche", recorded_by
        )
    for line in lines:
        spendings += _tranches(
            programme, line, None, line.planned / 5, 12, today, line.label, recorded_by
        )
    Spending.objects.bulk_create(spendings)
    _targets(programme, rng, today)


def _esf(dropout: Organisation, rng: random.Random, today: date) -> None:
    start = date(today.year - 1, 1, 1)
    funder = _funder("Agence FSE (fictive)", "agence-fse-fictive")
    programme = Programme.objects.create(
        organisation=dropout,
        title=f"Projet FSE – accrochage scolaire {start.year}-{start.year + 2}",
        slug=f"fse-accrochage-{start.year}-{start.year + 2}",
        kind=ProgrammeKind.ESF,
        starts_on=start,
        ends_on=date(start.year + 2, 12, 31),
        envelope=ESF_ENVELOPE,
        description="Fonds social européen et Initiative pour l'emploi des jeunes : "
        "accompagnement des jeunes de 12 à 25 ans en décrochage.",
    )
    programme.funders.set([funder])
    agreement = Agreement.objects.create(
        organisation=dropout,
        title="Convention FSE – accrochage scolaire",
        other_parties="Agence FSE (fictive)",
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        status=AgreementStatus.SIGNED,
        amount=ESF_ENVELOPE,
        notice_days=120,
        alert_on=Agreement.alert_date(programme.ends_on, 120),
    )
    agreement.parties.set([funder])
    project = FundedProject.objects.create(
        programme=programme,
        organisation=dropout,
        title="Accompagnement des jeunes en décrochage",
        amount=ESF_ENVELOPE,
        agreement=agreement,
    )
    spendings: list[Spending] = []
    for label, planned in ESF_LINES:
        line = BudgetLine.objects.create(programme=programme, label=label, planned=planned)
        spendings += _tranches(programme, line, project, planned / 3, 12, today, label, None)
    Spending.objects.bulk_create(spendings)
    _targets(programme, rng, today)


def build_programmes(*, fake: Faker, rng: random.Random, scale: float) -> None:
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=[COHESION, DROPOUT])}
    today = timezone.localdate()
    if COHESION in orgs:
        _cohesion(orgs[COHESION], rng, today, _programme_coordinator())
    if DROPOUT in orgs:
        _esf(orgs[DROPOUT], rng, today)
