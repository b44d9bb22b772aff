"""The team's pages about activities: the list, the form, the activity's page with its
sessions, prices and roster, and the actions posted from that page.

Each action has its URL and posts a small form. On success it goes back to the activity's
page with a message; on bad input the page is shown again with the form and its errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from maillage.activities import services
from maillage.activities.forms import (
    GENERATE,
    PRICE,
    SESSION,
    ActivityFilterForm,
    ActivityForm,
    GenerateForm,
    PriceForm,
    SessionForm,
)
from maillage.activities.models import Activity, PriceTier, Session
from maillage.activities.page_rows import confirmed_rows, session_rows
from maillage.activities.queries import UPCOMING, activity_for_page, activity_page, activity_rows
from maillage.core.forms import add_service_errors, posted
from maillage.core.fragments import Folded
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

WORK = Perm.WORK_WITH_YOUNG_PEOPLE
PAGE_SIZE = 25


def fetch_activity(request: HttpRequest, pk: int) -> Activity:
    return get_visible_or_404(activity_for_page(request.user), request.user, pk=pk)


def activity_url(activity: Activity, anchor: str = "") -> str:
    return reverse("activities:activity", kwargs={"pk": activity.pk}) + anchor


@org_view(WORK)
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = activity_rows(
        request.user,
        kind=data.get("kind") or "",
        period=data.get("period") or UPCOMING,
        text=data.get("q") or "",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    if request.htmx and request.htmx.target == "activity-results":  # type: ignore[attr-defined]
        return render(request, "activities/partials/activity_results.html", context)
    return render(request, "activities/activity_list.html", context)


def _activity_form(request: HttpRequest, activity: Activity | None) -> ActivityForm:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    initial = {} if activity else {"commune": organisation.commune_id}
    return ActivityForm(
        posted(request),
        instance=activity,
        initial=initial,
        organisation_id=organisation.pk,
        user=request.user,  # type: ignore[arg-type]
    )


@org_view(WORK)
def activity_create(request: HttpRequest) -> HttpResponse:
    form = _activity_form(request, None)
    if form.is_bound and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The activity has been created: add its sessions."))
            return redirect(activity_url(activity, "#sessions"))
    return render(request, "activities/activity_form.html", {"form": form, "activity": None})


@org_view(WORK)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = fetch_activity(request, pk)
    form = _activity_form(request, activity)
    if form.is_bound and form.is_valid():
        try:
            services.activity_update(
                actor=request.user,  # type: ignore[arg-type]
                activity=activity,
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect(activity_url(activity))
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@dataclass(frozen=True)
class PageForm:
    """A form of the activity's page. The page shows it folded (`<details>`) and loads it
    when opened, as a fragment (HTMX); without JavaScript the `<details>` holds a link to the
    form on a page of its own: the URL the form posts to, asked with GET. Posted with errors,
    it is shown open at its place on the page. Building the three forms on every display
    cost the page a sixth of its time (issue 18)."""

    key: str  # its name in render_activity(**bound)
    url_name: str
    summary: Any  # the `<summary>`, and the title of its page
    template: str
    build: Callable[[Activity], forms.Form]

    def url(self, activity: Activity) -> str:
        return reverse(f"activities:{self.url_name}", kwargs={"pk": activity.pk})


def _first_session_day(activity: Activity) -> date:
    return min(max(timezone.localdate(), activity.starts_on), activity.ends_on)


PAGE_FORMS = {
    form.key: form
    for form in (
        PageForm(
            key="session_form",
            url_name="session_add",
            summary=gettext_lazy("Add a session"),
            template="activities/partials/session_form.html",
            build=lambda activity: SessionForm(
                prefix=SESSION, initial={"date": _first_session_day(activity)}
            ),
        ),
        PageForm(
            key="generate_form",
            url_name="sessions_generate",
            summary=gettext_lazy("Add weekly sessions"),
            template="activities/partials/generate_form.html",
            build=lambda activity: GenerateForm(
                prefix=GENERATE, initial={"weekdays": [activity.starts_on.weekday()]}
            ),
        ),
        PageForm(
            key="price_form",
            url_name="price_add",
            summary=gettext_lazy("Add a price"),
            template="activities/partials/price_form.html",
            build=lambda activity: PriceForm(prefix=PRICE),
        ),
    )
}


def _folded(request: HttpRequest, activity: Activity, spec: PageForm, bound: Any) -> Folded:
    content = None
    if isinstance(bound, forms.Form):
        context = {"activity": activity, "form": bound}
        content = mark_safe(render_to_string(spec.template, context, request))  # noqa: S308
    return Folded(summary=spec.summary, url=spec.url(activity), content=content)


def render_activity(request: HttpRequest, activity: Activity, **bound: forms.Form) -> HttpResponse:
    """The activity's page; `bound` is a form posted with errors, shown open at its place."""
    page = activity_page(request.user, activity)
    context = {
        "activity": activity,
        "page": page,
        "summary": page.summary,
        "session_rows": session_rows(page, request),
        "confirmed_rows": confirmed_rows(page.confirmed),
        "folded": {
            key: _folded(request, activity, spec, bound.get(key))
            for key, spec in PAGE_FORMS.items()
        },
        **bound,
    }
    return render(request, "activities/activity_detail.html", context)


def page_form(request: HttpRequest, activity: Activity, key: str) -> HttpResponse:
    """A form of the page, asked with GET: the fragment its `<details>` loads, or without
    JavaScript a page of its own."""
    spec = PAGE_FORMS[key]
    context = {"activity": activity, "form": spec.build(activity), "spec": spec}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, spec.template, context)
    return render(request, "activities/activity_page_form.html", context)


@org_view(WORK)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_activity(request, fetch_activity(request, pk))


def _apply(
    request: HttpRequest,
    activity: Activity,
    form: forms.Form,
    *,
    form_name: str,
    action: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], str],
    anchor: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success(result))
            return redirect(activity_url(activity, anchor))
    return render_activity(request, activity, **{form_name: form})


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = fetch_activity(request, pk)
    if request.method == "GET":
        return page_form(request, activity, "session_form")
    return _apply(
        request,
        activity,
        SessionForm(request.POST, prefix=SESSION),
        form_name="session_form",
        action=lambda data: services.session_add(
            actor=request.user,  # type: ignore[arg-type]
            activity=activity,
            date=data["date"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data["place"],
        ),
        success=lambda session: (
            _("The session of %(date)s has been added.") % {"date": f"{session.date:%d/%m/%Y}"}
        ),
        anchor="#sessions",
    )


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def sessions_generate(request: HttpRequest, pk: int) -> HttpResponse:
    activity = fetch_activity(request, pk)
    if request.method == "GET":
        return page_form(request, activity, "generate_form")
    return _apply(
        request,
        activity,
        GenerateForm(request.POST, prefix=GENERATE),
        form_name="generate_form",
        action=lambda data: services.sessions_generate(
            actor=request.user,  # type: ignore[arg-type]
            activity=activity,
            weekdays=data["weekdays"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            skip_holidays=data["skip_holidays"],
        ),
        success=lambda sessions: _("Sessions added: %(count)s.") % {"count": len(sessions)},
        anchor="#sessions",
    )


@require_POST
@org_view(WORK)
def session_remove(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(Session.objects.select_related("activity"), request.user, pk=pk)
    try:
        services.session_remove(actor=request.user, session=session)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The session of %(date)s has been removed.") % {"date": f"{session.date:%d/%m/%Y}"},
        )
    return redirect(activity_url(session.activity, "#sessions"))


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def price_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = fetch_activity(request, pk)
    if request.method == "GET":
        return page_form(request, activity, "price_form")
    return _apply(
        request,
        activity,
        PriceForm(request.POST, prefix=PRICE),
        form_name="price_form",
        action=lambda data: services.price_tier_add(
            actor=request.user,  # type: ignore[arg-type]
            activity=activity,
            label=data["label"],
            amount=data["amount"],
            description=data["description"],
        ),
        success=lambda tier: _("The price “%(label)s” has been added.") % {"label": tier.label},
        anchor="#prices",
    )


@require_POST
@org_view(WORK)
def price_remove(request: HttpRequest, pk: int) -> HttpResponse:
    tier = get_visible_or_404(PriceTier.objects.select_related("activity"), request.user, pk=pk)
    try:
        services.price_tier_remove(actor=request.user, tier=tier)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The price “%(label)s” has been removed.") % {"label": tier.label}
        )
    return redirect(activity_url(tier.activity, "#prices"))
