"""The demo's concertation platforms (seeds 002, 003): a platform of youth services, schools
and families run by the AMO, and the social-cohesion concertation of the Molenbeek
coordination. Each has past meetings with their attendance, minutes, decisions and action
items (some done, some still open), an upcoming meeting, and the AMO's platform an upcoming
themed conference open to registration. Invented (Faker fr_BE) and reproducible; written
in bulk, a fixed number of queries whatever the scale.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.utils import timezone
from faker import Faker

from maillage.concertation.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    ConferenceRegistration,
    Decision,
    Meeting,
    Member,
    Platform,
    Presence,
    RegistrationSource,
)
from maillage.core.models import Membership, Organisation, OrganisationKind
from maillage.core.roles import Role
from maillage.demo.accounts import AMO, COHESION

AGENDA = [
    "Tour de table des structures",
    "Échange de pratiques : le lien avec les familles",
    "Décrochage scolaire : situations rencontrées",
    "Préparation de la conférence thématique",
    "Cellule « bien-être » : avancement",
    "Offre sociale du territoire : mises à jour",
    "Formations communes à proposer",
    "Divers",
]
DECISIONS = [
    "La cellule « bien-être » se réunit une fois par mois.",
    "Une fiche commune de relais école-service est testée jusqu’aux congés.",
    "La prochaine conférence portera sur le harcèlement à l’école.",
    "Les structures partagent leurs horaires d’été avant le 15 juin.",
    "Une formation commune sur l’écoute active est proposée aux membres.",
    "Le répertoire de l’offre sociale est relu par chaque structure.",
]
ACTIONS = [
    "Envoyer la fiche de relais aux directions d’école",
    "Réserver la salle pour la conférence",
    "Contacter l’université pour l’accompagnement du projet",
    "Mettre à jour la liste des contacts de la plateforme",
    "Rédiger l’invitation de la conférence",
    "Recenser les besoins de formation des membres",
    "Proposer une date pour la cellule « bien-être »",
    "Relire le procès-verbal de la réunion précédente",
]
PLACES = ["Salle du conseil communal", "Maison de quartier", "Local de l’AMO", "Centre culturel"]


def _members(
    platform: Platform, users: list[tuple[object, str]], fake: Faker, extra: int
) -> list[Member]:
    rows = [
        Member(
            organisation_id=platform.organisation_id,
            platform=platform,
            user=user,  # type: ignore[misc]
            name=user.get_full_name() or user.email,  # type: ignore[attr-defined]
            email=user.email,  # type: ignore[attr-defined]
            organisation_name=org_name,
        )
        for user, org_name in users
    ]
    for i in range(extra):
        first, last = fake.first_name(), fake.last_name()
        rows.append(
            Member(
                organisation_id=platform.organisation_id,
                platform=platform,
                name=f"{first} {last}",
                email=f"invite.{i}.{platform.organisation_id}@partenaire.example",
                organisation_name=["Université (accompagnement)", "CPAS", "Service jeunesse"][
                    i % 3
                ],
            )
        )
    return rows


def _users_of(org_ids: list[int], limit: int) -> list[tuple[object, str]]:
    seen: set[int] = set()
    out: list[tuple[object, str]] = []
    memberships = (
        Membership.objects.filter(organisation_id__in=org_ids, is_active=True)
        .exclude(role__in=[Role.DPO, Role.STATS_VIEWER])
        .select_related("user", "organisation")
        .order_by("organisation_id", "pk")
    )
    for membership in memberships:
        if membership.user_id not in seen and len(out) < limit:
            seen.add(membership.user_id)
            out.append((membership.user, membership.organisation.name))
    return out


def _meeting_days(today: date, past: int) -> list[date]:
    """Monthly, on a Tuesday: `past` meetings before today, then one in the next weeks."""
    days = []
    for months_ago in range(past, 0, -1):
        day = today - timedelta(days=30 * months_ago)
        days.append(day + timedelta(days=(1 - day.weekday()) % 7))
    upcoming = today + timedelta(days=10)
    days.append(upcoming + timedelta(days=(1 - upcoming.weekday()) % 7))
    return days


def build_concertation(*, fake: Faker, rng: random.Random, scale: float) -> int:
    """Returns the number of meetings created."""
    today = timezone.localdate()
    by_slug = {o.slug: o for o in Organisation.objects.filter(slug__in=[AMO, COHESION])}
    amo, cohesion = by_slug[AMO], by_slug[COHESION]
    schools = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.SCHOOL, OrganisationKind.CPMS, OrganisationKind.CPAS]
        ).order_by("pk")
    )
    associations = list(
        Organisation.objects.filter(commune=cohesion.commune, kind=OrganisationKind.OTHER).order_by(
            "pk"
        )[: max(3, round(20 * min(scale, 1)))]
    )
    youth = Platform.objects.create(
        organisation=amo,
        name="Plateforme jeunesse, écoles et familles",
        description=(
            "Renforcer la connaissance mutuelle entre services de l’aide à la jeunesse et "
            "écoles ; échanger les pratiques ; organiser des conférences à thème."
        ),
        public_registration=True,
    )
    youth.member_organisations.set(schools)
    local = Platform.objects.create(
        organisation=cohesion,
        name="Concertation locale de cohésion sociale",
        description="Réunions de concertation des associations du programme communal.",
    )
    local.member_organisations.set(associations)
    extra = max(2, round(4 * min(scale, 1)))
    members = Member.objects.bulk_create(
        _members(youth, _users_of([amo.pk, *(s.pk for s in schools)], 12), fake, extra)
        + _members(local, _users_of([cohesion.pk, *(a.pk for a in associations)], 20), fake, extra)
    )
    by_platform: dict[int, list[Member]] = {}
    for member in members:
        by_platform.setdefault(member.platform_id, []).append(member)

    past = max(3, min(6, round(6 * scale)))
    meetings: list[Meeting] = []
    for platform in (youth, local):
        for day in _meeting_days(today, past):
            held = day < today
            meetings.append(
                Meeting(
                    organisation_id=platform.organisation_id,
                    platform=platform,
                    title="Réunion de concertation",
                    date=day,
                    starts_at=time(9, 30),
                    ends_at=time(12, 0),
                    place=rng.choice(PLACES),
                    minutes=(
                        "\n".join(fake.paragraph(nb_sentences=4) for _ in range(3)) if held else ""
                    ),
                    invitations_sent_at=timezone.now() - timedelta(days=(today - day).days + 10),
                )
            )
    conference_day = today + timedelta(days=24)
    meetings.append(
        Meeting(
            organisation_id=amo.pk,
            platform=youth,
            title="Conférence : le bien-être des jeunes à l’école",
            date=conference_day,
            starts_at=time(18, 30),
            ends_at=time(21, 0),
            place="Centre culturel",
            is_conference=True,
            capacity=80,
            public_registration=True,
        )
    )
    meetings = Meeting.objects.bulk_create(meetings)

    agenda: list[AgendaItem] = []
    attendance: list[Attendance] = []
    decisions: list[Decision] = []
    actions: list[ActionItem] = []
    registrations: list[ConferenceRegistration] = []
    for meeting in meetings:
        people = by_platform[meeting.platform_id]
        titles = rng.sample(AGENDA, 3)
        agenda += [
            AgendaItem(
                organisation_id=meeting.organisation_id, meeting=meeting, title=t, position=i
            )
            for i, t in enumerate(titles)
        ]
        if meeting.is_conference:
            registrations += [
                ConferenceRegistration(
                    organisation_id=meeting.organisation_id,
                    meeting=meeting,
                    name=fake.name(),
                    email=f"inscrit.{i}@public.example",
                    organisation_name=rng.choice(["École", "AMO", "Parent", ""]),
                    source=RegistrationSource.PUBLIC,
                )
                for i in range(rng.randint(5, 15))
            ]
            continue
        if meeting.date >= today:
            continue
        attendance += [
            Attendance(
                organisation_id=meeting.organisation_id,
                meeting=meeting,
                member=person,
                status=rng.choices(Presence.values, weights=[7, 2, 1])[0],
            )
            for person in people
        ]
        decisions += [
            Decision(organisation_id=meeting.organisation_id, meeting=meeting, text=text)
            for text in rng.sample(DECISIONS, 2)
        ]
        age = (today - meeting.date).days
        for text in rng.sample(ACTIONS, 3):
            # Older items are mostly settled; recent ones mostly still open.
            status = ActionStatus.OPEN
            if rng.random() < min(0.9, age / 120):
                status = rng.choice([ActionStatus.DONE, ActionStatus.DONE, ActionStatus.DROPPED])
            closed_on = None
            if status != ActionStatus.OPEN:
                closed_on = min(today, meeting.date + timedelta(days=30))
            actions.append(
                ActionItem(
                    organisation_id=meeting.organisation_id,
                    platform_id=meeting.platform_id,
                    meeting=meeting,
                    text=text,
                    owner=rng.choice(people),
                    due_on=meeting.date + timedelta(days=rng.choice([14, 21, 28, 45])),
                    status=status,
                    closed_on=closed_on,
                )
            )
    AgendaItem.objects.bulk_create(agenda)
    Attendance.objects.bulk_create(attendance)
    Decision.objects.bulk_create(decisions)
    ActionItem.objects.bulk_create(actions)
    ConferenceRegistration.objects.bulk_create(registrations)
    return len(meetings)
