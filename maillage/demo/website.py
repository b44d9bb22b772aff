"""The demo's public site: a published page for each of the demo's main organisations, with
news (published, one draft, one scheduled), job offers (open, one expired, one draft) and a
couple of spontaneous applications with a small synthetic PDF as CV.

Invented and reproducible from the seed (Faker `fr_BE`); e-mail addresses are fictitious
(`.example`), never taken from the seeds. Called by the demo builder: `build_website`.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from faker import Faker

from maillage.core.models import Organisation
from maillage.core.uploads import FileKind, store_upload, validate_upload
from maillage.demo.accounts import AMO, COHESION, DROPOUT, NETWORK
from maillage.website.models import (
    ContractKind,
    JobApplication,
    JobOffer,
    NewsPost,
    SiteProfile,
)

TAGLINES = {
    AMO: "Service d’aide en milieu ouvert : écoute, accompagnement et projets avec les jeunes",
    NETWORK: "Des animateurs de rue dans une douzaine de communes bruxelloises",
    COHESION: "La coordination du programme local de cohésion sociale",
    DROPOUT: "Agir vite contre le décrochage scolaire",
}
PRESENTATIONS = {
    AMO: (
        "Nous accueillons gratuitement les jeunes de 0 à 22 ans et leurs familles, à leur "
        "demande et en toute confidentialité.\n\nNotre travail tient en trois axes : "
        "l’accompagnement individuel et familial, les actions collectives (stages, ateliers, "
        "animations) et les projets communautaires menés avec les partenaires du quartier."
    ),
    NETWORK: (
        "Nos animateurs et animatrices travaillent dans des maisons de quartier, des maisons "
        "de jeunes et des services communaux partenaires.\n\nEnsemble, nous menons chaque "
        "année des projets intercommunaux qui font se rencontrer les jeunes de toute la région."
    ),
    COHESION: (
        "Nous coordonnons les associations soutenues par le programme de cohésion sociale de "
        "la commune, animons la concertation locale et tenons à jour l’offre sociale.\n\n"
        "Vous trouverez ici nos actualités et les services proposés sur le territoire."
    ),
    DROPOUT: (
        "Avec les écoles, les centres PMS et les services d’aide à la jeunesse, nous "
        "accompagnons les jeunes de 12 à 25 ans absents, en décrochage ou sans emploi ni "
        "formation.\n\nUn signalement ? Nous agissons vite, avec le jeune et sa famille."
    ),
}
NEWS_TITLES = (
    "Inscriptions ouvertes pour les stages d’été",
    "Retour en images sur la fête de quartier",
    "Nouvel atelier d’expression le mercredi",
    "Une permanence supplémentaire le samedi matin",
    "Les jeunes présentent leur projet vidéo",
    "Rencontre avec les partenaires du quartier",
    "Journée portes ouvertes",
)
JOBS = (
    ("Animateur·rice socio-culturel·le", ContractKind.FIXED_TERM, "mi-temps"),
    ("Éducateur·rice en milieu ouvert", ContractKind.PERMANENT, "temps plein"),
    ("Stagiaire assistant·e social·e", ContractKind.INTERNSHIP, "4 jours par semaine"),
    ("Coordinateur·rice de projets", ContractKind.REPLACEMENT, "4/5 temps"),
)
# A minimal, valid PDF: the CV of a fictitious person.
CV_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# Sentences the demo's posts and offers are made of: French, plausible, invented (Faker's
# French locales write Latin placeholder text).
NEWS_SENTENCES = (
    "L’équipe vous accueille du lundi au vendredi, avec ou sans rendez-vous.",
    "Les inscriptions se font sur notre site ou à l’accueil, dans la limite des places.",
    "Le prix reste démocratique, et personne n’est refusé pour des raisons financières.",
    "Merci aux jeunes qui ont préparé la journée avec nous et aux partenaires du quartier.",
    "Les parents sont les bienvenus pour découvrir le lieu et rencontrer l’équipe.",
    "Le projet a été construit avec un groupe de jeunes pendant plusieurs mois.",
    "Une collation est prévue ; pensez à une tenue adaptée aux activités en extérieur.",
    "Nos animateurs et animatrices restent disponibles pour répondre à vos questions.",
    "L’activité est ouverte aux enfants de 6 à 12 ans et se déroule en français.",
    "Vous pouvez aussi nous joindre par téléphone ou passer pendant les permanences.",
    "Les photos de la journée sont visibles sur demande, dans le respect de chacun.",
    "Ce projet est soutenu par le programme de cohésion sociale de la commune.",
)
JOB_SENTENCES = (
    "Vous rejoignez une équipe pluridisciplinaire attachée au travail de rue et de quartier.",
    "Vous accompagnez des jeunes et leurs familles, individuellement et en groupe.",
    "Vous animez des ateliers et participez à l’organisation des stages de vacances.",
    "Vous travaillez en réseau avec les écoles, les CPMS et les services partenaires.",
    "Une expérience auprès des jeunes est un atout ; le permis B est souhaité.",
    "Barème de la commission paritaire 329.02, selon l’ancienneté reconnue.",
    "Horaire variable avec quelques soirées et samedis, récupérés.",
    "Envoyez votre CV et une lettre de motivation avant la date limite.",
)


def _paragraphs(rng: random.Random, count: int, pool: tuple[str, ...] = NEWS_SENTENCES) -> str:
    return "\n\n".join(" ".join(rng.sample(pool, k=3)) for _ in range(count))


def _news(fake: Faker, rng: random.Random, organisation: Organisation, count: int) -> int:
    now = timezone.now()
    titles = rng.sample(NEWS_TITLES, k=min(count + 2, len(NEWS_TITLES)))
    posts = [
        NewsPost(
            organisation=organisation,
            title=title,
            text=_paragraphs(rng, 2),
            published_at=now - timedelta(days=rng.randrange(2, 200), hours=rng.randrange(24)),
        )
        for title in titles[:count]
    ]
    posts.append(NewsPost(organisation=organisation, title=titles[-2], text=_paragraphs(rng, 1)))
    posts.append(
        NewsPost(
            organisation=organisation,
            title=titles[-1],
            text=_paragraphs(rng, 1),
            published_at=now + timedelta(days=rng.randrange(2, 10)),
        )
    )
    NewsPost.objects.bulk_create(posts)
    return len(posts)


def _offers(fake: Faker, rng: random.Random, organisation: Organisation) -> list[JobOffer]:
    today, now = timezone.localdate(), timezone.now()
    chosen = rng.sample(JOBS, k=3)
    states = (
        (today + timedelta(days=rng.randrange(10, 45)), now - timedelta(days=3)),  # open
        (today - timedelta(days=rng.randrange(5, 30)), now - timedelta(days=60)),  # expired
        (today + timedelta(days=60), None),  # draft
    )
    offers = [
        JobOffer(
            organisation=organisation,
            title=title,
            contract=contract,
            hours=hours,
            place=f"{organisation.commune.name}",
            deadline=deadline,
            published_at=published_at,
            description=_paragraphs(rng, 3, JOB_SENTENCES),
        )
        for (title, contract, hours), (deadline, published_at) in zip(chosen, states, strict=True)
    ]
    return JobOffer.objects.bulk_create(offers)


def _applications(fake: Faker, organisation: Organisation, offer: JobOffer | None) -> int:
    created = 0
    for _ in range(2):
        name = fake.name()
        upload = validate_upload(
            SimpleUploadedFile("cv.pdf", CV_PDF),
            max_bytes=len(CV_PDF) + 1,
            allowed=frozenset({FileKind.PDF}),
        )
        stored = store_upload(upload, folder="website-applications")
        JobApplication.objects.create(
            organisation=organisation,
            offer=offer,
            name=name,
            email=f"{fake.user_name()}@candidats.example",
            message="Votre offre a retenu toute mon attention ; vous trouverez mon CV en pièce "
            "jointe. Je reste disponible pour un entretien.",
            **JobApplication.fields_from(upload, stored),
        )
        created += 1
    return created


def build_website(*, fake: Faker, rng: random.Random, scale: float) -> int:
    """The demo organisations' public pages; returns the number of rows created."""
    organisations = {
        org.slug: org
        for org in Organisation.objects.filter(slug__in=list(TAGLINES)).select_related("commune")
    }
    created = 0
    per_organisation = max(2, min(6, round(4 * scale)))
    for slug, organisation in sorted(organisations.items()):
        SiteProfile.objects.create(
            organisation=organisation,
            is_published=True,
            tagline=TAGLINES[slug],
            presentation=PRESENTATIONS[slug],
        )
        created += 1 + _news(fake, rng, organisation, per_organisation)
        offers = _offers(fake, rng, organisation)
        created += len(offers)
        if slug == AMO:
            created += _applications(fake, organisation, offers[0])
            created += _applications(fake, organisation, None)
    return created
