"""The public pages: what is shown, what never is, and what search engines are told."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.activities.models import Activity, ActivityKind
from maillage.directory.models import Service, Theme
from maillage.website import services

pytestmark = pytest.mark.django_db

BASE = "https://maillage.example"


def meta(body: str, prop: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', body)
    return found.group(1) if found else None


def canonical(body: str) -> str | None:
    found = re.search(r'<link rel="canonical" href="([^"]*)"', body)
    return found.group(1) if found else None


def test_the_presentation_page_shows_news_offers_and_contact(
    client, org_a, profile, post, draft_post, offer, draft_offer
):
    org_a.phone, org_a.email = "02 000 00 00", "info@a.example"
    org_a.save()
    body = client.get(reverse("website:organisation", args=[org_a.slug])).content.decode()
    assert profile.tagline in body and "Aide gratuite et confidentielle." in body
    assert post.title in body and offer.title in body
    assert draft_post.title not in body and draft_offer.title not in body
    assert "info@a.example" in body
    assert reverse("website:calendar", args=[org_a.slug]) in body


def test_an_unpublished_page_or_an_inactive_organisation_is_not_found(
    client, org_a, profile, post, offer
):
    profile.is_published = False
    profile.save()
    assert client.get(reverse("website:organisation", args=[org_a.slug])).status_code == 404
    org_a.is_active = False
    org_a.save()
    for url in (
        reverse("website:news", args=[org_a.slug, post.pk]),
        reverse("website:job", args=[org_a.slug, offer.pk]),
        reverse("website:news_list", args=[org_a.slug]),
        reverse("website:calendar", args=[org_a.slug]),
    ):
        assert client.get(url).status_code == 404, url
    index = client.get(reverse("website:organisations")).content.decode()
    assert org_a.name not in index


def test_drafts_scheduled_posts_and_expired_or_closed_offers_are_never_public(
    client, owner, org_a, draft_post, scheduled_post, expired_offer, offer
):
    services.job_offer_close(actor=owner, offer=offer)
    for url in (
        reverse("website:news", args=[org_a.slug, draft_post.pk]),
        reverse("website:news", args=[org_a.slug, scheduled_post.pk]),
        reverse("website:job", args=[org_a.slug, expired_offer.pk]),
        reverse("website:job", args=[org_a.slug, offer.pk]),
        reverse("website:apply", args=[org_a.slug, offer.pk]),
    ):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("website:news_list", args=[org_a.slug])).content.decode()
    assert draft_post.title not in listing and scheduled_post.title not in listing
    jobs = client.get(reverse("website:jobs", args=[org_a.slug])).content.decode()
    assert expired_offer.title not in jobs and offer.title not in jobs


def test_another_organisations_post_is_not_found_under_this_slug(client, org_b, post):
    assert client.get(reverse("website:news", args=[org_b.slug, post.pk])).status_code == 404


def test_the_news_list_is_paginated(client, owner, org_a):
    for number in range(12):
        post = services.news_post_create(
            actor=owner, organisation=org_a, title=f"Nouvelle {number}", text="x"
        )
        services.news_post_publish(actor=owner, post=post)
    first = client.get(reverse("website:news_list", args=[org_a.slug]))
    assert len(first.context["page"].object_list) == 10
    second = client.get(reverse("website:news_list", args=[org_a.slug]) + "?page=2")
    body = second.content.decode()
    assert len(second.context["page"].object_list) == 2
    assert canonical(body) == f"{BASE}/o/{org_a.slug}/actualites/?page=2"


def test_the_image_is_served_only_while_its_post_is_published(client, owner, org_a, post):
    url = reverse("website:news_image", args=[org_a.slug, post.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    services.news_post_unpublish(actor=owner, post=post)
    assert client.get(url).status_code == 404


def test_a_news_post_has_its_open_graph_tags(client, org_a, post):
    body = client.get(reverse("website:news", args=[org_a.slug, post.pk])).content.decode()
    url = f"{BASE}/o/{org_a.slug}/actualites/{post.pk}/"
    assert f"<title>{post.title} · {org_a.name} · Maillage</title>" in body
    assert meta(body, "og:title") == post.title
    assert meta(body, "og:type") == "article"
    assert meta(body, "og:url") == url
    assert canonical(body) == url
    assert meta(body, "og:locale") == "fr_BE"
    assert meta(body, "og:image") == f"{url}image/"
    assert meta(body, "og:image:alt") == "Des jeunes au parc"
    assert meta(body, "description") == meta(body, "og:description") == post.text


@pytest.mark.parametrize(
    "name", ["organisation", "news_list", "jobs", "calendar", "social_offer", "apply_spontaneous"]
)
def test_every_public_page_has_a_title_description_and_open_graph(client, org_a, profile, name):
    body = client.get(reverse(f"website:{name}", args=[org_a.slug])).content.decode()
    title = re.search(r"<title>(.*?) · Maillage</title>", body, re.S)
    assert title and title.group(1).strip()
    assert meta(body, "og:title") == title.group(1).strip()
    assert meta(body, "description") and meta(body, "og:description") == meta(body, "description")
    assert meta(body, "og:type") == "website"
    assert meta(body, "og:url") == canonical(body)
    assert canonical(body).startswith(f"{BASE}/o/{org_a.slug}/")
    assert meta(body, "og:image") is None


def test_the_calendar_pages_of_other_parts_get_open_graph_too(client):
    body = client.get(reverse("activities:public_calendar")).content.decode()
    assert meta(body, "og:title") == "Activités à venir"
    assert canonical(body) == f"{BASE}/public/activites/"


def _activity(org, commune, **fields):
    today = timezone.localdate()
    values = {
        "organisation": org,
        "title": "Stage cirque",
        "kind": ActivityKind.CAMP,
        "commune": commune,
        "starts_on": today + timedelta(days=5),
        "ends_on": today + timedelta(days=9),
        "is_public": True,
    }
    values.update(fields)
    return Activity.objects.create(**values)


def test_the_organisations_calendar_and_social_offer_show_only_its_own(
    client, org_a, org_b, commune
):
    mine = _activity(org_a, commune, title="Stage cirque")
    _activity(org_b, commune, title="Stage voisin")
    Service.objects.create(
        organisation=org_a, name="École de devoirs", theme=Theme.SCHOOLING_SUPPORT
    )
    Service.objects.create(organisation=org_b, name="Service voisin", theme=Theme.SCHOOLING_SUPPORT)
    calendar = client.get(reverse("website:calendar", args=[org_a.slug])).content.decode()
    assert "Stage cirque" in calendar and "Stage voisin" not in calendar
    assert reverse("activities:public_activity", args=[mine.pk]) in calendar
    offer = client.get(reverse("website:social_offer", args=[org_a.slug])).content.decode()
    assert "École de devoirs" in offer and "Service voisin" not in offer


def test_the_sitemap_lists_every_public_page_and_nothing_else(
    client,
    org_a,
    org_b,
    profile,
    post,
    draft_post,
    scheduled_post,
    offer,
    draft_offer,
    expired_offer,
    commune,
):
    activity = _activity(org_a, commune)
    past = _activity(org_a, commune, starts_on=date(2020, 1, 1), ends_on=date(2020, 1, 2))
    service = Service.objects.create(
        organisation=org_a, name="Écoute", theme=Theme.SCHOOLING_SUPPORT
    )
    hidden = Service.objects.create(
        organisation=org_a, name="Caché", theme=Theme.SCHOOLING_SUPPORT, is_published=False
    )
    response = client.get(reverse("website:sitemap"))
    assert response["Content-Type"].startswith("application/xml")
    locs = set(re.findall(r"<loc>(.*?)</loc>", response.content.decode()))
    slug = org_a.slug
    assert locs == {
        f"{BASE}/public/organisations/",
        f"{BASE}/public/accessibilite/",
        f"{BASE}/o/{slug}/",
        f"{BASE}/o/{slug}/accessibilite/",
        f"{BASE}/o/{slug}/vie-privee/",
        f"{BASE}/o/{slug}/actualites/{post.pk}/",
        f"{BASE}/o/{slug}/emplois/{offer.pk}/",
        f"{BASE}/public/activites/{activity.pk}/",
        f"{BASE}/public/offre-sociale/{service.pk}/",
    }
    assert past.pk != activity.pk and hidden.pk != service.pk


def test_robots_point_to_the_sitemap_and_keep_out_of_the_team_pages(client):
    body = client.get(reverse("website:robots")).content.decode()
    lines = body.splitlines()
    assert "Sitemap: https://maillage.example/sitemap.xml" in lines
    assert "Disallow: /" in lines and "Allow: /o/" in lines and "Allow: /public/" in lines


def test_the_index_lists_the_published_pages(client, org_a, org_b, profile):
    body = client.get(reverse("website:organisations")).content.decode()
    assert org_a.name in body and org_b.name not in body
