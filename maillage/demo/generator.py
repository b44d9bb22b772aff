"""The synthetic network: organisations and people mirroring the seeds, all invented.

`generate(scale=1)` is the demo; tests use a small scale, benchmarks a large one. The
same seed number gives the same network. Names come from Faker fr_BE, never from the seeds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify
from faker import Faker

from maillage.core.communes import ensure_brussels_communes
from maillage.core.models import Commune, Membership, Organisation, OrganisationKind, User
from maillage.core.roles import Role
from maillage.demo.accounts import (
    AMO,
    COHESION,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DROPOUT,
    NETWORK,
)
from maillage.demo.activities import build_activities
from maillage.demo.api import build_api_token
from maillage.demo.caseload import build_caseloads
from maillage.demo.community import build_community
from maillage.demo.concertation import build_concertation
from maillage.demo.directory import build_directory
from maillage.demo.network import build_network
from maillage.demo.newsletter import build_newsletter
from maillage.demo.programmes import build_programmes
from maillage.demo.schooling import build_schooling
from maillage.demo.website import build_website

# Communes of the street-work network (seed 000: about a dozen Brussels communes).
NETWORK_COMMUNES = [
    "Anderlecht",
    "Bruxelles",
    "Etterbeek",
    "Evere",
    "Forest",
    "Ixelles",
    "Jette",
    "Molenbeek-Saint-Jean",
    "Saint-Gilles",
    "Saint-Josse-ten-Noode",
    "Schaerbeek",
    "Uccle",
]
PARTNER_KINDS = [
    OrganisationKind.NEIGHBOURHOOD_HOUSE,
    OrganisationKind.YOUTH_CENTRE,
    OrganisationKind.AMO,
    OrganisationKind.COMMUNAL_SERVICE,
]
ASSOCIATION_WORDS = [
    "Alpha",
    "Horizons",
    "Tremplin",
    "Racines",
    "Les Ponts",
    "Cirque du Quartier",
    "Soutien Savoir",
    "Jardin Partagé",
    "Entraide",
    "La Ruche",
    "Mosaïque",
    "Clés",
    "Rencontres",
    "Le Fil",
    "Ateliers du Canal",
    "Voisins",
    "Cap Jeunes",
    "Lire et Écrire Ensemble",
    "La Passerelle",
    "Éclats",
]


@dataclass
class DemoResult:
    organisations: int = 0
    users: int = 0
    memberships: int = 0
    cases: int = 0
    created: bool = True
    notes: list[str] = field(default_factory=list)


def demo_exists() -> bool:
    return Organisation.objects.filter(slug=AMO).exists()


class _Builder:
    def __init__(self, scale: float, seed: int) -> None:
        self.scale = scale
        self.fake = Faker("fr_BE")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        ensure_brussels_communes(Commune)
        self.communes = {c.name: c for c in Commune.objects.all()}
        self.orgs: list[Organisation] = []
        self.users: list[User] = []
        self.members: list[tuple[int, int, str]] = []  # (user index, org index, role)
        self.slugs: set[str] = set()
        self.no_password = make_password(None)

    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def org(self, name: str, kind: str, commune: str, slug: str | None = None) -> int:
        slug = slug or slugify(name)[:70]
        while slug in self.slugs:
            slug = f"{slug[:64]}-{len(self.slugs)}"
        self.slugs.add(slug)
        self.orgs.append(
            Organisation(
                name=name,
                slug=slug,
                kind=kind,
                commune=self.communes[commune],
                street=self.fake.street_address(),
                postcode=self.communes[commune].postcodes.split()[0],
                phone=f"02 000 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
                email=f"contact@{slug}.example",
            )
        )
        return len(self.orgs) - 1

    def person(self, org_index: int, role: str) -> int:
        first, last = self.fake.first_name(), self.fake.last_name()
        local = slugify(f"{first}.{last}")[:40]
        self.users.append(
            User(
                email=f"{local}.{len(self.users)}@maillage.example",
                first_name=first,
                last_name=last,
                password=self.no_password,
            )
        )
        user_index = len(self.users) - 1
        self.members.append((user_index, org_index, role))
        return user_index

    def build(self) -> None:
        network = self.org(
            "Réseau Rue & Quartiers", OrganisationKind.STREET_WORK, "Bruxelles", NETWORK
        )
        for _ in range(self.n(3)):
            self.person(network, Role.COORDINATOR)
        self.person(network, Role.DIRECTOR)
        # ~24 street workers, each in a partner structure of one of the network's communes.
        for i in range(self.n(24)):
            commune = NETWORK_COMMUNES[i % len(NETWORK_COMMUNES)]
            kind = PARTNER_KINDS[i % len(PARTNER_KINDS)]
            partner = self.org(f"{kind.label} {self.fake.last_name()} ({commune})", kind, commune)
            self.person(partner, Role.COORDINATOR)
            self.person(network, Role.FIELD_WORKER)

        amo = self.org("AMO Les Passerelles", OrganisationKind.AMO, "Saint-Gilles", AMO)
        # The demo's data-protection officer (dpo@…) answers the AMO's public forms.
        self.orgs[amo].dpo_email = "dpo@maillage.example"
        for _ in range(self.n(4)):
            self.person(amo, Role.FIELD_WORKER)

        cohesion = self.org(
            "Coordination Cohésion sociale de Molenbeek-Saint-Jean",
            OrganisationKind.COMMUNAL_SERVICE,
            "Molenbeek-Saint-Jean",
            COHESION,
        )
        self.person(cohesion, Role.PROGRAMME_COORDINATOR)
        for i in range(self.n(20)):
            word = ASSOCIATION_WORDS[i % len(ASSOCIATION_WORDS)]
            association = self.org(f"ASBL {word}", OrganisationKind.OTHER, "Molenbeek-Saint-Jean")
            self.person(association, Role.COORDINATOR)
            for _ in range(self.rng.randint(1, 3)):
                self.person(association, Role.FIELD_WORKER)

        dropout = self.org("Projet Accroche", OrganisationKind.AMO, "Anderlecht", DROPOUT)
        for _ in range(self.n(4)):
            self.person(dropout, Role.FIELD_WORKER)
        self.person(dropout, Role.COORDINATOR)
        for i in range(self.n(4)):
            school = self.org(
                f"Athénée {self.fake.last_name()}",
                OrganisationKind.SCHOOL,
                ["Anderlecht", "Molenbeek-Saint-Jean"][i % 2],
            )
            self.person(school, Role.COORDINATOR)
        cpms = self.org("Centre PMS de la Senne", OrganisationKind.CPMS, "Anderlecht")
        self.person(cpms, Role.FIELD_WORKER)
        self.org("CPAS d'Anderlecht (démo)", OrganisationKind.CPAS, "Anderlecht")
        self.org("Fonds régional jeunesse (fictif)", OrganisationKind.FUNDER, "Bruxelles")

    def save(self) -> DemoResult:
        Organisation.objects.bulk_create(self.orgs, batch_size=1000)
        User.objects.bulk_create(self.users, batch_size=1000)
        Membership.objects.bulk_create(
            [
                Membership(user=self.users[u], organisation=self.orgs[o], role=role)
                for u, o, role in self.members
            ],
            batch_size=2000,
        )
        return DemoResult(
            organisations=len(self.orgs), users=len(self.users), memberships=len(self.members)
        )


def _demo_logins() -> None:
    from allauth.mfa.totp.internal.auth import TOTP

    by_slug = {
        o.slug: o for o in Organisation.objects.filter(slug__in=[AMO, NETWORK, COHESION, DROPOUT])
    }
    # The accounts share one published password: hash it once, not once per account (argon2
    # is slow on purpose; eight hashes were a third of the demo's set-up).
    password = make_password(DEMO_PASSWORD)
    for account in DEMO_ACCOUNTS:
        user = User.objects.create(
            email=account.email,
            password=password,
            first_name=account.first_name,
            last_name=account.last_name,
            is_staff=account.email.startswith("admin@"),
            is_superuser=account.email.startswith("admin@"),
        )
        for slug, role in account.roles:
            Membership.objects.create(user=user, organisation=by_slug[slug], role=role)
        if account.totp:
            TOTP.activate(user, DEMO_TOTP_SECRET)


@transaction.atomic
def generate(*, scale: float = 1.0, seed: int = 2026, with_logins: bool = True) -> DemoResult:
    """Create the synthetic network; refuses to run twice on the same database."""
    if demo_exists():
        return DemoResult(created=False)
    builder = _Builder(scale, seed)
    builder.build()
    result = builder.save()
    if with_logins:
        _demo_logins()
        build_api_token()
        result.users += len(DEMO_ACCOUNTS)
    result.cases = build_caseloads(
        fake=builder.fake, rng=builder.rng, per_worker=max(1, round(6 * min(scale, 1)))
    )
    build_activities(fake=builder.fake, rng=builder.rng, scale=scale)
    build_community(fake=builder.fake, rng=builder.rng, scale=scale)
    build_network(fake=builder.fake, rng=builder.rng, scale=scale)
    build_concertation(fake=builder.fake, rng=builder.rng, scale=scale)
    build_directory(fake=builder.fake, rng=builder.rng, scale=scale)
    build_schooling(fake=builder.fake, rng=builder.rng, scale=scale)
    build_programmes(fake=builder.fake, rng=builder.rng, scale=scale)
    # Last, so that the earlier builders draw the same random numbers as before it existed.
    build_website(fake=builder.fake, rng=builder.rng, scale=scale)
    build_newsletter(fake=builder.fake, rng=builder.rng, scale=scale)
    return result
