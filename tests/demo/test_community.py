"""The demo's community axis: projects of the AMO and intercommunal ones of the network,
observations, a youth consultation whose opinions are observations, and a diagnosis adopted
two and a half years ago (due within the year) with its action plan linked to projects."""

from __future__ import annotations

import json
import random

import pytest
from faker import Faker

from maillage.community.models import (
    Diagnosis,
    Observation,
    ObservationSource,
    PlanAction,
    Project,
    ProjectKind,
    YouthConsultation,
)
from maillage.community.queries import due_of, observations_by_theme
from maillage.community.rules import DueState
from maillage.demo.accounts import AMO, NETWORK
from maillage.demo.community import build_community
from maillage.demo.generator import generate
from tests.demo import seed_identities


@pytest.fixture
def demo(db):
    assert generate(scale=0.1, seed=3).created


def test_the_demo_has_projects_observations_a_consultation_and_a_diagnosis_due_soon(demo):
    assert Project.objects.filter(organisation__slug=AMO, kind=ProjectKind.COMMUNITY).count() >= 5
    assert Project.objects.filter(
        organisation__slug=NETWORK, kind=ProjectKind.INTERCOMMUNAL
    ).exists()
    assert all(p.communes.exists() for p in Project.objects.all())
    consultation = YouthConsultation.objects.get()
    assert consultation.opinions.filter(source=ObservationSource.YOUTH_CONSULTATION).count() == 5
    assert Observation.objects.count() >= 12
    diagnosis = Diagnosis.objects.get()
    due = due_of(diagnosis)
    assert due.state == DueState.SOON
    assert 150 <= due.days_left <= 200
    assert observations_by_theme(diagnosis), "the diagnosis assembles some observations"
    actions = PlanAction.objects.filter(diagnosis=diagnosis)
    assert actions.count() == 4
    assert all(a.projects.exists() for a in actions)
    assert all(
        diagnosis.plan_start <= a.starts_on <= a.ends_on <= diagnosis.plan_end for a in actions
    )


def test_the_amount_of_observations_follows_the_scale(db):
    generate(scale=0.1, seed=3, with_logins=False)
    small = Observation.objects.count()
    Observation.objects.all().delete()
    PlanAction.objects.all().delete()
    Diagnosis.objects.all().delete()
    build_community(fake=Faker("fr_BE"), rng=random.Random(3), scale=2)
    assert Observation.objects.count() > small


def test_the_demo_copies_no_name_from_the_seeds(demo):
    seeds = json.loads(seed_identities.DIGESTS.read_text())["names"]
    # "Atout Projet", a project of the seeds, is among them: the check can fail.
    assert seed_identities.digest("Atout Projet") in seeds
    texts = [p.title for p in Project.objects.all()] + list(
        Observation.objects.values_list("text", flat=True)
    )
    names = seed_identities.identities("\n".join(texts))["names"] | set(texts)
    assert not [name for name in names if seed_identities.digest(name) in seeds]
    # The seeds' festival, which the name pattern does not catch.
    assert not any("festiv’arts" in text.lower() for text in texts)
