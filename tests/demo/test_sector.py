"""Sector-size data at a tiny scale: the ratios hold, the same seed gives the same rows, and
the seeded data works with the duplicate check, the thresholds and the pages.

Runs on SQLite (batched inserts) and, with DATABASE_URL=postgres://…, on PostgreSQL (COPY).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from maillage.casework.models import Assignment, FollowUp, Intervention, Request
from maillage.core.models import Membership, Organisation, User
from maillage.demo.sector import SectorResult, seed_sector
from maillage.people.models import Person
from maillage.people.queries import find_duplicates_in
from maillage.schooling.models import Absence, Enrolment, Signal
from maillage.schooling.thresholds import thresholds_recompute

SCALE = 0.0005

# Tables and columns of the fingerprint: no ciphertext (Fernet's IV is random by design),
# no school-year id (its row comes from get_or_create, whose id a sequence may move).
FINGERPRINT = {
    "core_organisation": "id, name, slug, kind",
    "core_user": "id, email, first_name, last_name",
    "people_person": "id, organisation_id, first_name, last_name, birth_date, gender, name_key",
    "casework_followup": "id, request_id, person_id, status, opened_on, closed_on",
    "casework_intervention": "id, followup_id, date, kind, duration_minutes, author_id",
    "activities_attendance": "id, session_id, registration_id, present",
    "schooling_absence": "id, enrolment_id, person_id, date, half_day, status",
}


def _fingerprint() -> str:
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table, columns in FINGERPRINT.items():
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")
            for row in cursor.fetchall():
                digest.update(repr(tuple(str(v) for v in row)).encode())
    return digest.hexdigest()


@pytest.fixture
def sector(db: Any) -> SectorResult:
    return seed_sector(scale=SCALE, seed=7)


def test_counts_follow_the_ratios(sector: SectorResult) -> None:
    counts = sector.counts
    assert sector.created
    assert counts["people_person"] == Person.objects.count() == 250
    assert counts["core_user"] == User.objects.count() >= 3
    assert counts["core_membership"] == Membership.objects.count()
    assert counts["casework_request"] == Request.objects.count() == 75
    followups = FollowUp.objects.count()
    assert counts["casework_followup"] == followups
    assert 0.6 * 75 <= followups <= 0.95 * 75  # ~80 %: the others are anonymous
    interventions = Intervention.objects.count()
    assert 10 * followups <= interventions <= 23 * followups  # ~16.5 each, ~2M at scale 1
    assert Assignment.objects.count() >= followups
    # ~10M attendance and ~7M absences at scale 1: within a loose band at this tiny scale.
    assert 1_500 <= counts["activities_attendance"] <= 12_000
    assert counts["schooling_enrolment"] == Enrolment.objects.count() == 150
    assert 1_500 <= Absence.objects.count() == counts["schooling_absence"] <= 6_000
    assert Absence.objects.filter(reason__isnull=False).count() == 0


def test_a_second_run_is_refused(sector: SectorResult) -> None:
    before = Person.objects.count()
    assert seed_sector(scale=SCALE, seed=8).created is False
    assert Person.objects.count() == before


def test_same_seed_same_rows(db: Any) -> None:
    fingerprints = []
    for seed in (7, 7, 8):
        savepoint = transaction.savepoint_create()
        seed_sector(scale=SCALE, seed=seed)
        fingerprints.append(_fingerprint())
        transaction.savepoint_rollback(savepoint)
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0] != fingerprints[2]


def test_encrypted_fields_hold_valid_ciphertext(sector: SectorResult) -> None:
    intervention = Intervention.objects.order_by("pk").first()
    assert intervention is not None and intervention.notes
    person = Person.objects.order_by("pk").first()
    assert person is not None and person.email == ""


def test_the_duplicate_check_finds_a_seeded_person(sector: SectorResult) -> None:
    person = Person.objects.order_by("pk")[17]
    persons = Person.objects.filter(organisation_id=person.organisation_id).current()
    # A typo and the names swapped: the keys computed at seeding time must find them.
    matches = find_duplicates_in(
        persons,
        first_name=person.last_name.upper(),
        last_name=person.first_name,
        birth_date=person.birth_date,
    )
    assert person.pk in {match.person.pk for match in matches}


def test_thresholds_recompute_on_the_seeded_absences(sector: SectorResult) -> None:
    team = Organisation.objects.filter(slug__startswith="secteur-t").order_by("pk").first()
    assert team is not None
    raised = thresholds_recompute(organisation_id=team.pk)
    assert raised > 0
    assert Signal.objects.filter(organisation=team).count() == raised
    # Idempotent: a second recompute raises nothing new.
    assert thresholds_recompute(organisation_id=team.pk) == 0


def test_caseload_works_for_a_seeded_worker(sector: SectorResult, client: Client) -> None:
    assignment = Assignment.objects.filter(followup__status="open").order_by("pk").first()
    assert assignment is not None
    client.force_login(assignment.worker)
    response = client.get(reverse("casework:caseload"))
    assert response.status_code == 200
    followup = assignment.followup
    assert reverse("casework:followup", kwargs={"pk": followup.pk}).encode() in response.content
    assert client.get(followup.get_absolute_url()).status_code == 200
