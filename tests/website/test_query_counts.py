"""Every public page reads a constant number of queries, however much there is to show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.activities.models import Activity, ActivityKind
from maillage.directory.models import Service, Theme
from maillage.website.models import ContractKind, JobOffer, NewsPost

pytestmark = pytest.mark.django_db

# The organisation (with its profile) and the page's own reads; the session is not read
# by an anonymous visitor who never posted.
MAX_QUERIES = 6


@pytest.fixture
def plenty(org_a, profile, commune):
    now, today = timezone.now(), timezone.localdate()
    for number in range(15):
        NewsPost.objects.create(
            organisation=org_a,
            title=f"N{number}",
            text="x",
            published_at=now - timedelta(hours=number + 1),
        )
        JobOffer.objects.create(
            organisation=org_a,
            title=f"Offre {number}",
            contract=ContractKind.OTHER,
            hours="mi-temps",
            place="Ici",
            deadline=today + timedelta(days=number + 1),
            description="x",
            published_at=now - timedelta(days=1),
        )
        Activity.objects.create(
            organisation=org_a,
            title=f"Atelier {number}",
            kind=ActivityKind.WORKSHOP,
            commune=commune,
            starts_on=today + timedelta(days=number),
            ends_on=today + timedelta(days=number + 1),
            is_public=True,
        )
        Service.objects.create(organisation=org_a, name=f"Service {number}", theme=Theme.SPORT)


@pytest.mark.parametrize(
    "name", ["organisation", "news_list", "jobs", "calendar", "social_offer", "apply_spontaneous"]
)
def test_public_pages_have_a_constant_query_count(
    client, org_a, plenty, name, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse(f"website:{name}", args=[org_a.slug])).status_code == 200


def test_detail_pages_and_the_sitemap_have_a_constant_query_count(
    client, org_a, plenty, post, offer, django_assert_max_num_queries
):
    for url in (
        reverse("website:news", args=[org_a.slug, post.pk]),
        reverse("website:job", args=[org_a.slug, offer.pk]),
        reverse("website:apply", args=[org_a.slug, offer.pk]),
        reverse("website:organisations"),
    ):
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("website:sitemap")).status_code == 200
