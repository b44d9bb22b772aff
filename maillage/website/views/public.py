"""The organisations' public pages, without an account: presentation, news, job offers and
the application forms, the organisation's calendar and social offer, and what the law asks
of them: an accessibility statement and a privacy policy.

Only what `queries` calls public is read here. The forms anyone may post meet a honeypot
field and the per-address limit of core.ratelimit, as the public registration does; what a
visitor sent is remembered in their own session for the thanks page, never in the address.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.activities import calendar as activity_reads
from maillage.core import ratelimit
from maillage.core.forms import add_service_errors, posted
from maillage.core.models import Organisation
from maillage.core.permissions import public_view
from maillage.core.privacy_notices import processings, rights_contact
from maillage.core.uploads import serve_upload
from maillage.website import queries, services
from maillage.website.forms import ApplicationForm
from maillage.website.legal import ACCESSIBILITY_STATEMENT_DATE, PRIVACY_POLICY_DATE
from maillage.website.models import JobOffer

NEWS_PAGE_SIZE = 10
CALENDAR_PAGE_SIZE = 20
RATE_SCOPE = "website-application"
SESSION_KEY = "website.application_sent"
# A published picture may be kept a little while by browsers and social networks.
IMAGE_MAX_AGE = 300


def _context(organisation: Organisation, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": organisation,
        "profile": queries.profile_of(organisation),
        "has_page": queries.has_public_page(organisation),
        **extra,
    }


@public_view
@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    return render(
        request, "website/public/index.html", {"profiles": list(queries.published_pages())}
    )


@public_view
@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    if not queries.has_public_page(found):
        raise Http404
    context = _context(found, **queries.organisation_summary(found))
    return render(request, "website/public/organisation.html", context)


@public_view
@require_GET
def news_list(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    page = Paginator(queries.public_news(found), NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "website/public/news_list.html", _context(found, page=page))


@public_view
@require_GET
def news(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = queries.public_organisation(slug)
    post = queries.public_post(found, pk)
    return render(request, "website/public/news_detail.html", _context(found, post=post))


@public_view  # type: ignore[arg-type]
@require_GET
def news_image(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    found = queries.public_organisation(slug)
    post = queries.public_post(found, pk)
    if post.image is None:
        raise Http404
    response = serve_upload(post.image)
    # Shown in the page (an <img>), not downloaded; public while its post is.
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    return response


@public_view
@require_GET
def jobs(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    offers = list(queries.open_offers(found))
    return render(request, "website/public/jobs.html", _context(found, offers=offers))


@public_view
@require_GET
def job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = queries.public_organisation(slug)
    offer = queries.open_offer(found, pk)
    return render(request, "website/public/job_detail.html", _context(found, offer=offer))


def _apply(
    request: HttpRequest, organisation: Organisation, offer: JobOffer | None
) -> HttpResponse:
    data = posted(request)
    form = ApplicationForm(data, request.FILES if data is not None else None)
    if data is not None:
        if not ratelimit.public_form_allowed(request, RATE_SCOPE):
            return render(
                request, "website/public/too_many.html", _context(organisation), status=429
            )
        if form.is_valid():
            try:
                services.application_submit(
                    organisation=organisation,
                    offer=offer,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    cv=form.cleaned_data["cv"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session[SESSION_KEY] = {
                    "organisation": organisation.slug,
                    "offer": offer.title if offer else "",
                }
                return redirect("website:thanks", slug=organisation.slug)
    context = _context(organisation, offer=offer, form=form)
    return render(request, "website/public/apply.html", context)


@public_view
def apply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = queries.public_organisation(slug)
    return _apply(request, found, queries.open_offer(found, pk))


@public_view
def apply_spontaneous(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    if not queries.has_public_page(found):
        raise Http404
    return _apply(request, found, None)


@public_view
@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    sent = request.session.get(SESSION_KEY) or {}
    if sent.get("organisation") != found.slug:
        sent = {}
    return render(request, "website/public/thanks.html", _context(found, sent=sent))


@public_view
@require_GET
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    today = timezone.localdate()
    activities = activity_reads.upcoming(today=today, organisation=found)
    page = Paginator(activities, CALENDAR_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = activity_reads.rows(list(page.object_list), today=today)
    return render(request, "website/public/calendar.html", _context(found, page=page, rows=rows))


@public_view
@require_GET
def social_offer(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    offered = list(queries.public_services(found))
    return render(request, "website/public/services.html", _context(found, services=offered))


@public_view
@require_GET
def accessibility(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    context = _context(found, prepared_on=ACCESSIBILITY_STATEMENT_DATE)
    return render(request, "website/public/accessibility.html", context)


@public_view
@require_GET
def accessibility_network(request: HttpRequest) -> HttpResponse:
    context = {"prepared_on": ACCESSIBILITY_STATEMENT_DATE}
    return render(request, "website/public/accessibility_network.html", context)


@public_view
@require_GET
def privacy(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_organisation(slug)
    context = _context(
        found,
        entries=[(entry, entry.retention(found)) for entry in processings()],
        contact=rights_contact(found),
        tile_host=urlsplit(settings.MAILLAGE_MAP_TILE_URL).hostname or "",
        updated_on=PRIVACY_POLICY_DATE,
    )
    return render(request, "website/public/privacy.html", context)
