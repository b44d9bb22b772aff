"""Reads of the public site, shared by its pages and the sitemap.

Everything public goes through `public_organisation` (active organisations only) and the
`published()`/`open()` querysets, so a draft, a scheduled post, a closed or expired offer or
an inactive organisation's content is never shown. Each page reads a constant number of
queries: the organisation and its profile are one join, lists select what they print.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from maillage.core.models import Organisation
from maillage.directory.models import Service
from maillage.website.models import JobApplication, JobOffer, NewsPost, SiteProfile

LATEST_NEWS = 3


def public_organisation(slug: str) -> Organisation:
    """An active organisation with its commune and (if any) its profile, or a 404."""
    try:
        organisation: Organisation = (
            Organisation.objects.filter(is_active=True)
            .select_related("commune", "site_profile")
            .get(slug=slug)
        )
    except Organisation.DoesNotExist:
        raise Http404 from None
    return organisation


def profile_of(organisation: Organisation) -> SiteProfile | None:
    try:
        profile: SiteProfile = organisation.site_profile
    except SiteProfile.DoesNotExist:
        return None
    return profile


def has_public_page(organisation: Organisation) -> bool:
    profile = profile_of(organisation)
    return profile is not None and profile.is_published


def published_pages() -> QuerySet[SiteProfile]:
    """The published presentation pages, for the index and the sitemap."""
    return (
        SiteProfile.objects.filter(is_published=True, organisation__is_active=True)
        .select_related("organisation__commune")
        .order_by("organisation__name", "pk")
    )


def public_news(organisation: Organisation | None = None) -> QuerySet[NewsPost]:
    posts = NewsPost.objects.published().select_related("organisation", "image")
    if organisation is not None:
        posts = posts.filter(organisation=organisation)
    return posts.order_by("-published_at", "-pk")


def public_post(organisation: Organisation, pk: int) -> NewsPost:
    try:
        post: NewsPost = public_news(organisation).get(pk=pk)
    except NewsPost.DoesNotExist:
        raise Http404 from None
    return post


def open_offers(organisation: Organisation | None = None) -> QuerySet[JobOffer]:
    offers = JobOffer.objects.open().select_related("organisation")
    if organisation is not None:
        offers = offers.filter(organisation=organisation)
    return offers.order_by("deadline", "pk")


def open_offer(organisation: Organisation, pk: int) -> JobOffer:
    try:
        offer: JobOffer = open_offers(organisation).get(pk=pk)
    except JobOffer.DoesNotExist:
        raise Http404 from None
    return offer


def public_services(organisation: Organisation) -> QuerySet[Service]:
    from maillage.directory.queries import public_services as all_public

    return all_public().filter(organisation=organisation).order_by("name", "pk")


def organisation_summary(organisation: Organisation) -> dict[str, Any]:
    """What the presentation page shows beside the text."""
    return {
        "news": list(public_news(organisation)[:LATEST_NEWS]),
        "offers": list(open_offers(organisation)),
        "has_services": Service.objects.published().filter(organisation=organisation).exists(),
    }


# The team's reads


def team_news(user: Any) -> QuerySet[NewsPost]:
    return (
        NewsPost.objects.visible_to(user)
        .select_related("organisation", "image")
        .order_by("-created_at", "-pk")
    )


def team_offers(user: Any) -> QuerySet[JobOffer]:
    return (
        JobOffer.objects.visible_to(user)
        .select_related("organisation")
        .annotate(application_count=Count("applications"))
        .order_by("-created_at", "-pk")
    )


def team_applications(user: Any, offer: JobOffer | None) -> QuerySet[JobApplication]:
    applications = JobApplication.objects.visible_to(user)
    if offer is None:
        return applications.filter(offer__isnull=True).order_by("-received_at", "-pk")
    return applications.filter(offer=offer).order_by("-received_at", "-pk")
