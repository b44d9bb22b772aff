"""The demo's social offer: about 150 services across the demo communes, some to check."""

from __future__ import annotations

import random

import pytest
from faker import Faker

from maillage.core.models import Commune
from maillage.demo.accounts import AMO
from maillage.demo.directory import CENTRES, build_directory
from maillage.demo.generator import generate
from maillage.directory.models import Service


@pytest.fixture
def demo(db):
    generate(scale=0.1, seed=7, with_logins=False)


def test_the_demo_generator_builds_the_offer(demo):
    services = Service.objects.all()
    assert services.count() >= 12
    assert Service.objects.published().count() < services.count() + 1
    assert Service.objects.stale().filter(organisation__slug=AMO).count() >= 1


def test_about_150_services_at_scale_1_located_near_their_commune(demo):
    Service.objects.all().delete()
    assert build_directory(fake=Faker("fr_BE"), rng=random.Random(1), scale=1) == 150
    services = list(Service.objects.select_related("organisation__commune"))
    located = [s for s in services if s.has_location]
    assert len(located) > 100
    for service in located:
        lat, lng = CENTRES[service.organisation.commune.name]
        assert abs(float(service.latitude) - lat) < 0.01
        assert abs(float(service.longitude) - lng) < 0.01
    served = Commune.objects.filter(services__isnull=False).distinct().count()
    assert served >= 5
    assert all(s.search_text for s in services)
    assert all(s.email.endswith(".example") for s in services)
    assert Service.objects.stale().exists()
    assert not Service.objects.filter(is_free=False, price_note="").exists()


def test_reproducible_from_the_seed(demo):
    first = sorted(Service.objects.values_list("name", "theme", "latitude"))
    Service.objects.all().delete()
    build_directory(fake=Faker("fr_BE"), rng=random.Random(3), scale=0.1)
    again = sorted(Service.objects.values_list("name", "theme", "latitude"))
    Service.objects.all().delete()
    build_directory(fake=Faker("fr_BE"), rng=random.Random(3), scale=0.1)
    assert sorted(Service.objects.values_list("name", "theme", "latitude")) == again
    assert first
