"""The demo's social offer: about 150 services (at scale 1) offered by the organisations of the
demo network across its communes, most located near the centre of their commune, a few not
published, a few not checked for more than a year (the home card flags them). Invented and
reproducible from the seed: names are built from themes and invented place words, phones
and e-mail addresses are fictitious (`.example`).

Written set-based: one `bulk_create` for the services, one for their communes.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from maillage.core.models import Commune, Organisation, OrganisationKind
from maillage.demo.accounts import AMO
from maillage.directory.models import Gender, Service, Theme

SERVICES_AT_SCALE_1 = 150

# Approximate centres of the Brussels communes (latitude, longitude).
CENTRES: dict[str, tuple[float, float]] = {
    "Anderlecht": (50.8365, 4.3081),
    "Auderghem": (50.8156, 4.4330),
    "Berchem-Sainte-Agathe": (50.8640, 4.2920),
    "Bruxelles": (50.8466, 4.3528),
    "Etterbeek": (50.8336, 4.3890),
    "Evere": (50.8700, 4.4020),
    "Forest": (50.8100, 4.3240),
    "Ganshoren": (50.8710, 4.3080),
    "Ixelles": (50.8270, 4.3720),
    "Jette": (50.8780, 4.3260),
    "Koekelberg": (50.8620, 4.3290),
    "Molenbeek-Saint-Jean": (50.8550, 4.3230),
    "Saint-Gilles": (50.8270, 4.3450),
    "Saint-Josse-ten-Noode": (50.8540, 4.3730),
    "Schaerbeek": (50.8670, 4.3770),
    "Uccle": (50.8020, 4.3370),
    "Watermael-Boitsfort": (50.8000, 4.4150),
    "Woluwe-Saint-Lambert": (50.8450, 4.4280),
    "Woluwe-Saint-Pierre": (50.8300, 4.4400),
}
DEFAULT_CENTRE = CENTRES["Bruxelles"]

# What each theme's services are called, with the ages they usually serve.
KINDS: dict[str, tuple[tuple[str, int | None, int | None], ...]] = {
    Theme.SCHOOLING_SUPPORT: (
        ("École de devoirs", 6, 12),
        ("Remédiation scolaire", 12, 18),
        ("Soutien en mathématiques", 12, 18),
    ),
    Theme.LITERACY: (("Cours d’alphabétisation", 16, None), ("Atelier lecture et écriture", 8, 14)),
    Theme.YOUTH_CENTRE: (
        ("Accueil libre", 12, 26),
        ("Maison de jeunes, accueil du mercredi", 12, 18),
    ),
    Theme.SPORT: (
        ("Club de mini-foot", 8, 16),
        ("Boxe éducative", 12, 20),
        ("Sport de rue", 10, 18),
    ),
    Theme.CULTURE: (("Atelier théâtre", 8, 15), ("Studio hip-hop", 14, 25), ("Atelier BD", 10, 16)),
    Theme.LEGAL_AID: (
        ("Permanence juridique jeunesse", 12, 25),
        ("Aide aux droits des étrangers", 16, None),
    ),
    Theme.HEALTH: (
        ("Planning familial, consultations jeunes", 14, 25),
        ("Point santé", None, None),
    ),
    Theme.HOUSING: (("Permanence logement", 18, None), ("Aide à la recherche de logement", 18, 30)),
    Theme.EMPLOYMENT_TRAINING: (
        ("Orientation et recherche d’emploi", 16, 30),
        ("Job étudiant, accompagnement", 15, 25),
    ),
    Theme.PSYCHOLOGICAL_SUPPORT: (("Écoute psychologique", 12, 25), ("Groupe de parole", 14, 20)),
    Theme.FAMILY_SUPPORT: (
        ("Soutien à la parentalité", None, None),
        ("Espace parents-enfants", 0, 6),
    ),
    Theme.OTHER: (("Permanence numérique", 12, None), ("Médiation de quartier", None, None)),
}
PLACE_WORDS = [
    "Les Tilleuls",
    "Le Parvis",
    "La Passerelle",
    "Le Chaudron",
    "L’Escale",
    "Le Relais",
    "La Ruche",
    "Le Phare",
    "Les Colibris",
    "La Boussole",
    "L’Étincelle",
    "Le Quai",
]
STREETS = [
    "des Tilleuls",
    "de la Station",
    "du Marché",
    "de l’Église",
    "du Parc",
    "Haute",
    "de la Paix",
    "des Fleurs",
    "du Moulin",
    "des Alliés",
    "de la Source",
    "du Canal",
]
HOURS = [
    "Lundi, mardi, jeudi : 15 h 30 – 18 h",
    "Du lundi au vendredi : 9 h – 17 h",
    "Mercredi : 13 h – 18 h ; samedi : 10 h – 16 h",
    "Sur rendez-vous",
    "Mardi et jeudi : 16 h – 19 h",
]
ACCESS = [
    "Accès libre pendant les heures d’ouverture.",
    "Sur rendez-vous, par téléphone.",
    "Inscription sur place en début d’année scolaire.",
    "Orientation par un service partenaire (AMO, CPMS, CPAS).",
]
LANGUAGES = [
    "français",
    "français, néerlandais",
    "français, arabe",
    "français, anglais",
    "français, espagnol, portugais",
]
PROVIDERS = [
    OrganisationKind.AMO,
    OrganisationKind.STREET_WORK,
    OrganisationKind.YOUTH_CENTRE,
    OrganisationKind.NEIGHBOURHOOD_HOUSE,
    OrganisationKind.CPMS,
    OrganisationKind.CPAS,
    OrganisationKind.COMMUNAL_SERVICE,
    OrganisationKind.OTHER,
]


def _coordinate(value: float, rng: random.Random) -> Decimal:
    return Decimal(str(round(value + rng.uniform(-0.008, 0.008), 6)))


def build_directory(*, fake: Faker, rng: random.Random, scale: float) -> int:
    """The demo's social offer; returns the number of services created."""
    organisations = list(
        Organisation.objects.filter(kind__in=PROVIDERS).select_related("commune").order_by("pk")
    )
    if not organisations:
        return 0
    communes = {c.name: c for c in Commune.objects.all()}
    brussels = [communes[name] for name in CENTRES if name in communes]
    total = max(12, round(SERVICES_AT_SCALE_1 * scale))
    now = timezone.now()
    services: list[Service] = []
    served: list[list[Commune]] = []
    names: set[tuple[int, str]] = set()
    themes = list(KINDS)
    for i in range(total):
        organisation = organisations[i % len(organisations)]
        theme = themes[(i + rng.randrange(3)) % len(themes)]
        label, age_min, age_max = rng.choice(KINDS[theme])
        name = f"{label} {rng.choice(PLACE_WORDS)}"
        while (organisation.pk, name) in names:
            name = f"{name} {len(names)}"
        names.add((organisation.pk, name))
        home = organisation.commune
        others = [c for c in brussels if c.pk != home.pk]
        lat, lng = CENTRES.get(home.name, DEFAULT_CENTRE)
        located = rng.random() < 0.9
        paid = rng.random() < 0.2
        service = Service(
            organisation=organisation,
            name=name,
            theme=theme,
            description=f"{label} proposé par {organisation.name}. {fake.sentence(nb_words=10)}",
            age_min=age_min,
            age_max=age_max,
            gender=Gender.GIRLS_WOMEN if rng.random() < 0.05 else "",
            address=(
                f"Rue {rng.choice(STREETS)} {rng.randrange(1, 200)}, "
                f"{home.postcodes.split()[0]} {home.name}"
            ),
            latitude=_coordinate(lat, rng) if located else None,
            longitude=_coordinate(lng, rng) if located else None,
            opening_hours=rng.choice(HOURS),
            phone=f"02 5{rng.randrange(10, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)}",
            email=f"contact@{organisation.slug[:40]}.example",
            languages=rng.choice(LANGUAGES),
            is_free=not paid,
            price_note=f"{rng.choice([5, 10, 15, 20])} € par trimestre" if paid else "",
            access=rng.choice(ACCESS),
            is_published=rng.random() > 0.05,
        )
        service.refresh_search_text()
        services.append(service)
        served.append([home, *rng.sample(others, k=min(len(others), rng.randrange(3)))])
    Service.objects.bulk_create(services, batch_size=500)
    Through = Service.communes.through
    Through.objects.bulk_create(
        [
            Through(service_id=service.pk, commune_id=commune.pk)
            for service, chosen in zip(services, served, strict=True)
            for commune in chosen
        ],
        batch_size=2000,
    )
    # A few entries nobody has checked for more than a year (two of the demo AMO's among
    # them, so its coordinator sees the home card): the home card flags them.
    amo = [s for s in services if s.organisation.slug == AMO][:2]
    stale = {id(s) for s in amo} | {id(s) for s in services if rng.random() < 0.08}
    for service in services:
        days = rng.randrange(380, 700) if id(service) in stale else rng.randrange(0, 300)
        service.updated_at = now - timedelta(days=days)
    Service.objects.bulk_update(services, ["updated_at"], batch_size=500)
    return len(services)
