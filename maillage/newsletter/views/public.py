"""The newsletter's public pages: subscribe, confirm from the mail, unsubscribe.

No account. The subscription answers the same whether or not the address was known. The
links of the mails only show a page with a button: mail scanners open links, and only a
person's POST confirms or unsubscribes. The unsubscribe address also takes the one-click
POST of mail clients (RFC 8058), which comes without a CSRF token: that view alone is
exempt, its random token being what authorises it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from maillage.core import ratelimit
from maillage.core.forms import add_service_errors, posted
from maillage.core.models import Organisation
from maillage.core.permissions import public_view
from maillage.newsletter import queries, services
from maillage.newsletter.forms import SubscribeForm
from maillage.newsletter.models import PENDING_DAYS, SubscriberStatus
from maillage.website.queries import public_organisation

RATE_SCOPE = "newsletter-subscribe"
ONE_CLICK = "List-Unsubscribe=One-Click"


def _invalid_link(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request, "newsletter/public/invalid_link.html", {"organisation": organisation}, status=404
    )


@public_view
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = public_organisation(slug)
    form = SubscribeForm(posted(request))
    if form.is_bound:
        if not ratelimit.public_form_allowed(request, RATE_SCOPE):
            context = {"organisation": organisation}
            return render(request, "newsletter/public/too_many.html", context, status=429)
        if form.is_valid():
            try:
                services.newsletter_subscribe(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    consent=form.cleaned_data["consent"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("newsletter:subscribe_sent", slug=organisation.slug)
    return render(
        request, "newsletter/public/subscribe.html", {"organisation": organisation, "form": form}
    )


@public_view
def subscribe_sent(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = public_organisation(slug)
    return render(
        request,
        "newsletter/public/sent.html",
        {"organisation": organisation, "days": PENDING_DAYS},
    )


@public_view
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    organisation = public_organisation(slug)
    subscriber = queries.pending_by_token(organisation, token)
    if subscriber is None:
        return _invalid_link(request, organisation)
    context = {"organisation": organisation, "subscriber": subscriber}
    if subscriber.confirmation_expired():
        return render(request, "newsletter/public/expired.html", context)
    if request.method == "POST":
        try:
            services.subscription_confirm(subscriber=subscriber)
        except ValidationError:
            return render(request, "newsletter/public/expired.html", context)
        return render(request, "newsletter/public/confirmed.html", context)
    return render(request, "newsletter/public/confirm.html", context)


@public_view
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    organisation = public_organisation(slug)
    subscriber = queries.by_unsubscribe_token(organisation, token)
    if subscriber is None:
        return _invalid_link(request, organisation)
    context: dict[str, Any] = {"organisation": organisation, "subscriber": subscriber}
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.subscription_cancel(subscriber=subscriber, one_click=one_click)
        if one_click:
            return HttpResponse(status=200)
        return render(request, "newsletter/public/unsubscribed.html", context)
    context["already"] = subscriber.status == SubscriberStatus.UNSUBSCRIBED
    return render(request, "newsletter/public/unsubscribe.html", context)
