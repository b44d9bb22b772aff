"""The demo's community axis: the AMO's community projects and the street-work network's
intercommunal ones (with partner structures, budget lines and linked activities), field
observations over the last three years across the AMO's communes, a youth consultation whose
opinions became observations, and a community social diagnosis adopted two and a half years
ago (so due within the year) with its three-year action plan. Invented and reproducible from
the seed; written in bulk, a fixed number of queries whatever the scale.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from maillage.activities.models import Activity
from maillage.community.models import (
    BudgetLine,
    ConsultationMethod,
    Diagnosis,
    Observation,
    ObservationSource,
    PlanAction,
    Project,
    ProjectKind,
    ProjectStatus,
    Theme,
    YouthConsultation,
)
from maillage.community.rules import add_years
from maillage.core.models import Commune, Membership, Organisation, OrganisationKind
from maillage.demo.accounts import AMO, NETWORK

AMO_COMMUNES = ("Saint-Gilles", "Forest", "Ixelles")
NETWORK_COMMUNES = ("Anderlecht", "Bruxelles", "Molenbeek-Saint-Jean", "Schaerbeek", "Evere")
# (title, theme, target group, status)
AMO_PROJECTS = (
    ("Parole de jeunes au conseil communal", "participation", "Jeunes de 14 à 20 ans", "running"),
    ("Prévention du décrochage en 1re secondaire", "schooling", "Élèves de 12 à 14 ans", "running"),
    ("Filles dans l'espace public", "public_space", "Filles de 12 à 17 ans", "preparing"),
    ("Ciné-débat sur le harcèlement", "well_being", "Classes de 2e secondaire", "finished"),
    ("Un terrain de sport pour le quartier", "leisure", "Jeunes du quartier", "idea"),
    ("Permanence logement jeunes adultes", "housing", "Jeunes de 18 à 22 ans", "abandoned"),
)
NETWORK_PROJECTS = (
    ("Festival intercommunal des talents", "leisure", "Jeunes des douze communes", "running"),
    ("Échanges de quartiers à vélo", "mobility", "Jeunes de 12 à 18 ans", "preparing"),
    ("Vidéo-débat sur les discriminations", "discrimination", "Jeunes de 15 à 21 ans", "finished"),
)
OBSERVATIONS = {
    "schooling": (
        "Plusieurs jeunes du quartier décrochent en 1re secondaire après un changement d'école."
    ),
    "public_space": "Les filles disent éviter le parc après 18 heures faute d'éclairage.",
    "leisure": "Peu d'activités gratuites le week-end pour les 15-18 ans.",
    "housing": "Des familles nombreuses vivent dans des logements trop petits pour étudier.",
    "employment": "Des jeunes adultes cherchent un premier emploi sans savoir où s'adresser.",
    "well_being": "Des jeunes parlent de stress et de harcèlement sur les réseaux sociaux.",
    "participation": "Les jeunes veulent être consultés sur le réaménagement de la place.",
    "mobility": "Les trajets en transport public vers les activités sportives sont longs.",
    "health": "Peu de jeunes connaissent le planning familial du quartier.",
    "discrimination": "Des jeunes rapportent des refus d'accès à des lieux de loisirs.",
}
OPINIONS = (
    ("leisure", "Il manque un lieu pour se retrouver le soir, à l'abri."),
    ("public_space", "On se fait souvent contrôler quand on reste en groupe sur la place."),
    ("schooling", "L'école de devoirs est pleine dès la rentrée."),
    ("participation", "On aimerait donner notre avis sur les projets de la commune."),
    ("employment", "Personne ne nous aide à trouver un job étudiant."),
)
SOURCES = (ObservationSource.WORKER, ObservationSource.PARTNER, ObservationSource.MEETING)


def _project(org: Organisation, row: tuple[str, str, str, str], kind: str, start: date) -> Project:
    title, theme, target, status = row
    finished = status in (ProjectStatus.FINISHED, ProjectStatus.ABANDONED)
    return Project(
        organisation=org,
        kind=kind,
        title=title,
        objectives=f"Construire avec les jeunes une réponse au constat : {OBSERVATIONS[theme]}",
        target_group=target,
        theme=theme,
        status=status,
        starts_on=None if status == ProjectStatus.IDEA else start,
        ends_on=start + timedelta(days=300) if finished else None,
        results="Bilan partagé avec les partenaires et la commune." if finished else "",
    )


def build_community(*, fake: Faker, rng: random.Random, scale: float) -> int:
    """The community axis of the demo; returns the number of observations created."""
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=[AMO, NETWORK])}
    amo, network = orgs.get(AMO), orgs.get(NETWORK)
    if amo is None or network is None:
        return 0
    today = timezone.localdate()
    communes = {c.name: c for c in Commune.objects.filter(name__in=AMO_COMMUNES + NETWORK_COMMUNES)}
    worker_ids = list(
        Membership.objects.filter(organisation=amo).order_by("pk").values_list("user_id", flat=True)
    )
    partners = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.NEIGHBOURHOOD_HOUSE, OrganisationKind.YOUTH_CENTRE]
        ).order_by("pk")[:6]
    )

    rows = [
        _project(amo, row, ProjectKind.COMMUNITY, today - timedelta(days=rng.randint(60, 900)))
        for row in AMO_PROJECTS
    ] + [
        _project(
            network, row, ProjectKind.INTERCOMMUNAL, today - timedelta(days=rng.randint(60, 700))
        )
        for row in NETWORK_PROJECTS
    ]
    projects = Project.objects.bulk_create(rows)
    links_communes, links_partners = [], []
    for project in projects:
        names = AMO_COMMUNES if project.organisation_id == amo.pk else NETWORK_COMMUNES
        for name in rng.sample(names, k=min(len(names), rng.randint(1, 3))):
            links_communes.append(Project.communes.through(project=project, commune=communes[name]))
        for partner in rng.sample(partners, k=min(len(partners), 2)):
            links_partners.append(Project.partners.through(project=project, organisation=partner))
    Project.communes.through.objects.bulk_create(links_communes)
    Project.partners.through.objects.bulk_create(links_partners)
    amo_activities = list(
        Activity.objects.filter(organisation=amo)
        .order_by("-starts_on")
        .values_list("pk", flat=True)[:4]
    )
    Project.activities.through.objects.bulk_create(
        Project.activities.through(project=projects[i % 2], activity_id=pk)
        for i, pk in enumerate(amo_activities)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            organisation_id=project.organisation_id,
            project=project,
            label=label,
            planned=Decimal(rng.randrange(300, 4000, 50)),
            spent=Decimal(rng.randrange(0, 300, 10)) if project.status != ProjectStatus.IDEA else 0,
        )
        for project in projects
        for label in ("Animations et matériel", "Transport", "Communication")
    )

    # Observations over the last five years, in the AMO's communes: the diagnosis in force
    # assembles those of its period.
    count = max(12, round(60 * scale))
    themes = list(OBSERVATIONS)
    observations = []
    for i in range(count):
        theme = themes[i % len(themes)]
        observations.append(
            Observation(
                organisation=amo,
                date=today - timedelta(days=rng.randint(1, 5 * 365)),
                commune=communes[AMO_COMMUNES[i % len(AMO_COMMUNES)]],
                neighbourhood=fake.street_name() if rng.random() < 0.5 else "",
                theme=theme,
                source=SOURCES[i % len(SOURCES)],
                text=OBSERVATIONS[theme],
                evidence="Compte rendu de l'équipe" if rng.random() < 0.3 else "",
                recorded_by_id=worker_ids[i % len(worker_ids)] if worker_ids else None,
            )
        )
    consultation = YouthConsultation.objects.create(
        organisation=amo,
        date=today - timedelta(days=120),
        method=ConsultationMethod.FOCUS_GROUP,
        commune=communes["Saint-Gilles"],
        place="Maison de quartier",
        participants=14,
        description=(
            "Deux heures d'échange avec des jeunes de 14 à 19 ans, animées par deux intervenant·es."
        ),
    )
    observations += [
        Observation(
            organisation=amo,
            date=consultation.date,
            commune=consultation.commune,
            theme=theme,
            source=ObservationSource.YOUTH_CONSULTATION,
            text=text,
            evidence=str(consultation),
            consultation=consultation,
        )
        for theme, text in OPINIONS
    ]
    Observation.objects.bulk_create(observations)

    # The diagnosis in force: adopted two and a half years ago, so due within the year.
    adopted = today - timedelta(days=913)
    diagnosis = Diagnosis.objects.create(
        organisation=amo,
        title=f"Diagnostic social communautaire {adopted.year - 3}-{adopted.year - 1}",
        period_start=date(adopted.year - 3, 1, 1),
        period_end=date(adopted.year - 1, 12, 31),
        context="La zone compte trois communes denses, où vivent beaucoup de jeunes.",
        observations_comment=(
            "Les constats viennent des intervenant·es, des partenaires et des jeunes."
        ),
        figures_comment="Les demandes portent d'abord sur la scolarité et la famille.",
        analysis="Le manque de lieux d'accueil et le décrochage scolaire reviennent partout.",
        priorities=(
            "1. Des lieux d'accueil en soirée. 2. La prévention du décrochage. "
            "3. La parole des jeunes."
        ),
        adopted_on=adopted,
    )
    Diagnosis.communes.through.objects.bulk_create(
        Diagnosis.communes.through(diagnosis=diagnosis, commune=communes[name])
        for name in AMO_COMMUNES
    )
    end = add_years(adopted, 3) - timedelta(days=1)
    actions = PlanAction.objects.bulk_create(
        PlanAction(
            organisation=amo,
            diagnosis=diagnosis,
            objective=objective,
            theme=theme,
            starts_on=adopted + timedelta(days=offset),
            ends_on=min(end, adopted + timedelta(days=offset + 540)),
            responsible=amo if i != 2 else network,
        )
        for i, (objective, theme, offset) in enumerate(
            (
                ("Faire entendre la parole des jeunes à la commune", Theme.PARTICIPATION, 30),
                ("Prévenir le décrochage en 1re secondaire", Theme.SCHOOLING, 60),
                ("Rendre l'espace public plus sûr pour les filles", Theme.PUBLIC_SPACE, 200),
                ("Ouvrir un lieu d'accueil en soirée", Theme.LEISURE, 400),
            )
        )
    )
    PlanAction.projects.through.objects.bulk_create(
        PlanAction.projects.through(planaction=action, project=projects[index])
        for index, action in zip((0, 1, 2, 4), actions, strict=True)
    )
    return len(observations)
