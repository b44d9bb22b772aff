"""`/sitemap.xml` and `/robots.txt`: what search engines may read, and where to find it.

The sitemap lists every public page worth indexing (the organisations' pages with their
accessibility statements and privacy policies, their news and open job offers, the public
activities and services) in five queries whatever their number,
on MAILLAGE_BASE_URL. Robots may read the public pages only: the team's pages sit behind a
sign-in anyway, and are kept out of the index explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.activities.models import Activity
from maillage.core.links import absolute_url as absolute
from maillage.core.permissions import public_view
from maillage.directory.models import Service
from maillage.website import queries
from maillage.website.legal import ACCESSIBILITY_STATEMENT_DATE, PRIVACY_POLICY_DATE

# The protocol's limit for one sitemap file.
MAX_URLS = 50_000


@dataclass(frozen=True)
class Entry:
    loc: str
    lastmod: date | None = None


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def sitemap_entries() -> list[Entry]:
    today = timezone.localdate()
    entries = [
        Entry(absolute(reverse("website:organisations"))),
        Entry(absolute(reverse("website:accessibility_network")), ACCESSIBILITY_STATEMENT_DATE),
    ]
    pages = queries.published_pages().values_list("organisation__slug", "updated_at")
    for slug, updated_at in pages:
        path = reverse("website:organisation", kwargs={"slug": slug})
        entries.append(Entry(absolute(path), _day(updated_at)))
        for name, reviewed_on in (
            ("website:accessibility", ACCESSIBILITY_STATEMENT_DATE),
            ("website:privacy", PRIVACY_POLICY_DATE),
        ):
            path = reverse(name, kwargs={"slug": slug})
            entries.append(Entry(absolute(path), reviewed_on))
    for name, rows in (
        ("website:news", queries.public_news()),
        ("website:job", queries.open_offers()),
    ):
        for pk, slug, updated_at in rows.values_list("pk", "organisation__slug", "updated_at"):
            path = reverse(name, kwargs={"slug": slug, "pk": pk})
            entries.append(Entry(absolute(path), _day(updated_at)))
    activities = Activity.objects.published().filter(ends_on__gte=today).order_by("pk")
    for pk in activities.values_list("pk", flat=True):
        path = reverse("activities:public_activity", kwargs={"pk": pk})
        entries.append(Entry(absolute(path)))
    services = Service.objects.published().order_by("pk").values_list("pk", "updated_at")
    for pk, updated_at in services:
        path = reverse("directory:public_service", kwargs={"pk": pk})
        entries.append(Entry(absolute(path), _day(updated_at)))
    return entries[:MAX_URLS]


@public_view
@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "website/sitemap.xml",
        {"entries": sitemap_entries()},
        content_type="application/xml; charset=utf-8",
    )


@public_view
@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /o/",
        "Allow: /public/",
        "Allow: /static/",
        # A visitor's own confirmation is nobody else's business.
        "Disallow: /o/*/candidature-envoyee/",
        # Everything else is the teams' (behind a sign-in) or the accounts'.
        "Disallow: /",
        f"Sitemap: {absolute(reverse('website:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
