import re
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from maillage.casework.models import (
    Assignment,
    Consent,
    FollowUp,
    Intervention,
    Referral,
    Request,
    RequestTheme,
)
from maillage.people.models import Household, HouseholdMember, Person


@pytest.fixture
def file_of_sami(org_a, org_b, member):
    """A young person with a request, a closed follow-up, an intervention and a referral."""
    sami = Person.objects.create(
        organisation=org_a,
        first_name="Sami",
        last_name="Lambert",
        birth_date=date(2009, 5, 17),
        gender="M",
        phone="0470 00 00 00",
        school="Athénée du Parc",
        created_by=member,
    )
    household = Household.objects.create(organisation=org_a, name="Famille Lambert")
    HouseholdMember.objects.create(
        organisation=org_a, household=household, person=sami, relation="young_person"
    )
    request = Request.objects.create(
        organisation=org_a,
        received_on=date(2014, 1, 10),
        requester="young_person",
        person=sami,
        summary="Conflit avec ses parents",
        recorded_by=member,
    )
    RequestTheme.objects.create(request=request, theme="family")
    followup = FollowUp.objects.create(
        organisation=org_a,
        request=request,
        person=sami,
        opened_on=date(2014, 1, 12),
        status="closed",
        closed_on=date(2015, 6, 1),
        close_reason="Situation apaisée",
        outcome="goal_reached",
        next_step="Rencontre avec la famille",
    )
    Assignment.objects.create(
        organisation=org_a, followup=followup, worker=member, assigned_on=date(2014, 1, 12)
    )
    Intervention.objects.create(
        organisation=org_a,
        followup=followup,
        date=date(2014, 2, 1),
        duration_minutes=45,
        kind="listening",
        present="Sami",
        notes="Parle de tensions à la maison",
        author=member,
    )
    consent = Consent.objects.create(
        organisation=org_a,
        followup=followup,
        shared_with=org_b,
        scope="existence",
        given_on=date(2014, 2, 2),
        recorded_by=member,
    )
    Referral.objects.create(
        organisation=org_a,
        followup=followup,
        to_organisation=org_b,
        consent=consent,
        sent_on=date(2014, 2, 3),
        note="Soutien scolaire",
        created_by=member,
    )
    return sami


# Subscribers and applicants, known by an e-mail address only (maillage/privacy/contacts.py).
LEA = "lea.dupont@exemple.be"
CV = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def cv(name: str = "cv.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, CV, content_type="application/pdf")


def apply(org, offer, *, email=LEA, name="Léa Dupont", message="", file="cv.pdf"):
    from maillage.website.applications import application_submit

    return application_submit(
        organisation=org, offer=offer, name=name, email=email, message=message, cv=cv(file)
    )


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


@pytest.fixture
def lea(org_a, org_b, private_root):
    """Léa wrote to A: she subscribed to A's newsletter (two issues sent, one failed with a
    bounce naming her address), applied for A's offer and sent a spontaneous application
    with her address in capitals. She also subscribed to B's newsletter and applied to B.
    Another applicant wrote to A."""
    from datetime import timedelta

    from django.utils import timezone

    from maillage.newsletter.models import Delivery, Issue, Subscriber
    from maillage.newsletter.services import newsletter_subscribe, subscription_confirm
    from maillage.website.models import ContractKind, JobOffer

    def offer(org, title):
        return JobOffer.objects.create(
            organisation=org,
            title=title,
            contract=ContractKind.FIXED_TERM,
            hours="mi-temps",
            place="Saint-Gilles",
            deadline=timezone.localdate() + timedelta(days=20),
            description="Vous accompagnez les jeunes du quartier.",
            published_at=timezone.now() - timedelta(days=1),
        )

    subscription_confirm(
        subscriber=newsletter_subscribe(organisation=org_a, email=LEA, consent=True)
    )
    subscriber = Subscriber.objects.get(organisation=org_a)
    issues = [
        Issue.objects.create(
            organisation=org_a, subject=subject, status="sent", sent_at=timezone.now()
        )
        for subject in ("Lettre de mars", "Lettre d'avril", "Lettre de mai")
    ]
    for issue, status, error in [
        (issues[0], "sent", ""),
        (issues[1], "sent", ""),
        (issues[2], "failed", f"550 <{LEA}>: mailbox full"),
    ]:
        Delivery.objects.create(
            organisation=org_a, issue=issue, subscriber=subscriber, status=status, error=error
        )
    newsletter_subscribe(organisation=org_b, email=LEA, consent=True)
    street = offer(org_a, "Animateur·rice de rue")
    return {
        "subscriber": subscriber,
        "offer": street,
        "application": apply(org_a, street, message="Je suis motivée pour ce poste."),
        "spontaneous": apply(org_a, None, email="Lea.Dupont@Exemple.BE", file="CV Léa.pdf"),
        "other": apply(org_a, street, email="paul@exemple.be", name="Paul Martin"),
        "elsewhere": apply(org_b, offer(org_b, "Coordinateur·rice"), message="Pour B"),
    }


def _mentions(text: str) -> Callable[[str], bool]:
    pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)
    return lambda value: pattern.search(value) is not None


def rows_holding(text: str) -> set[tuple[str, object]]:
    """Every row of every table whose text mentions `text` as a whole word, whatever the
    case: (table, id). Whole words, because a bare substring finds "0470" in a timestamp's
    microseconds or "sami" inside a session key: a person's trace is words, not digits
    that happen to line up."""
    mentions = _mentions(text)
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            names = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                cells = (
                    bytes(cell).decode(errors="ignore")
                    if isinstance(cell, bytes | memoryview)
                    else str(cell)
                    for cell in row
                )
                if any(mentions(cell) for cell in cells):
                    found.add((table, row[names.index("id")] if "id" in names else None))
    return found


# A file merged into Sami's, with the status a unique constraint kept on it (both files had
# one starting that day), and what must not survive an erasure of Sami anywhere.
TWIN_DETAIL = "Stage au garage Mertens"
SAMI_VALUES = ("Sami", "Lambert", "Samy", "Diallo", TWIN_DETAIL, "Conflit avec ses parents")


@pytest.fixture
def everything_of_sami(file_of_sami):
    """Sami with a row in every table that points at a person: his file, a registration, a
    schooling file (enrolment, absences, signal, statuses, ESF+ record) and a file merged
    into his."""
    from django.utils import timezone

    from maillage.schooling.models import EducationStatus
    from tests.privacy.registrations import register
    from tests.privacy.schooling import school_file

    register(file_of_sami)
    school = school_file(file_of_sami)
    twin = Person.objects.create(
        organisation=file_of_sami.organisation,
        first_name="Samy",
        last_name="Lambert-Diallo",
        birth_date=date(2009, 5, 17),
        merged_into=file_of_sami,
        merged_at=timezone.now(),
    )
    EducationStatus.objects.create(
        organisation=twin.organisation,
        person=twin,
        kind="training",
        starts_on=school.statuses[1].starts_on,
        detail=TWIN_DETAIL,
    )
    return file_of_sami


def encrypted_values_holding(text: str) -> set[tuple[str, str, object]]:
    """Every encrypted field of every model whose decrypted value mentions `text`: the scan
    of the tables sees only their ciphertext."""
    from django.apps import apps

    from maillage.core.crypto import EncryptedTextField

    mentions = _mentions(text)
    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                for pk, value in model._default_manager.values_list("pk", field.name):
                    if value and mentions(value):
                        found.add((model._meta.label, field.name, pk))
    return found
