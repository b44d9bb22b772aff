"""The demo's public site: built for the demo organisations, reproducible, all invented."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse
from faker import Faker

from maillage.core.models import Organisation, OrganisationKind
from maillage.demo.accounts import AMO, NETWORK
from maillage.demo.website import build_website
from maillage.website.models import JobApplication, JobOffer, NewsPost, SiteProfile

pytestmark = pytest.mark.django_db


def test_the_demo_organisations_get_a_public_site(client, commune):
    for slug in (AMO, NETWORK):
        Organisation.objects.create(
            name=slug.replace("-", " ").title(),
            slug=slug,
            kind=OrganisationKind.AMO,
            commune=commune,
        )
    fake = Faker("fr_BE")
    fake.seed_instance(7)
    assert build_website(fake=fake, rng=random.Random(7), scale=1.0) > 0
    assert SiteProfile.objects.filter(is_published=True).count() == 2
    assert NewsPost.objects.published().exists() and NewsPost.objects.filter(published_at=None)
    assert JobOffer.objects.open().count() == 2
    assert JobApplication.objects.count() == 4
    assert all(a.email.endswith(".example") for a in JobApplication.objects.all())
    page = client.get(reverse("website:organisation", args=[AMO]))
    assert page.status_code == 200
