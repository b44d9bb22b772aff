"""Placements: who is placed where (today or on a date, by partner or by worker), the
placement's page, and its form. The host structure reads; the placing organisation writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.scoping import get_visible_or_404
from maillage.network import queries, services
from maillage.network.forms import PlacementFilterForm, PlacementForm
from maillage.network.models import Placement
from maillage.network.views.common import MANAGE, PAGE_SIZE, READ, can_manage, require_own


@org_view(READ)
def placement_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = timezone.localdate()
    form = PlacementFilterForm(
        request.GET or None,
        initial={"day": today},
        workers=queries.filter_workers(user),
        hosts=queries.filter_hosts(user),
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    day = None if data.get("all_periods") else (data.get("day") or today)
    order = data.get("order") or queries.BY_PARTNER
    rows = queries.placement_rows(
        user,
        day=day,
        worker=data.get("worker"),
        host=data.get("host"),
        text=data.get("q") or "",
        order=order,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "day": day,
        "today": today,
        "order": order,
        "org_id": request.org.organisation.pk,  # type: ignore[attr-defined]
    }
    if request.htmx and request.htmx.target == "placement-results":  # type: ignore[attr-defined]
        return render(request, "network/partials/placement_results.html", context)
    return render(request, "network/placement_list.html", context)


@org_view(READ)
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_visible_or_404(
        Placement.objects.select_related("worker", "host", "organisation"), request.user, pk=pk
    )
    return render(
        request,
        "network/placement_detail.html",
        {"placement": placement, "can_manage": can_manage(request, placement)},
    )


def _form(request: HttpRequest, placement: Placement | None) -> PlacementForm:
    user: Any = request.user
    initial = {} if placement else {"starts_on": timezone.localdate()}
    return PlacementForm(
        posted(request),
        instance=placement,
        initial=initial,
        workers=queries.placement_workers(user),
        hosts=queries.placement_hosts(user),
    )


@org_view(MANAGE)
def placement_create(request: HttpRequest) -> HttpResponse:
    form = _form(request, None)
    if form.is_bound and form.is_valid():
        try:
            placement = services.placement_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The placement has been recorded."))
            return redirect(placement)
    return render(request, "network/placement_form.html", {"form": form, "placement": None})


@org_view(MANAGE)
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_visible_or_404(Placement, request.user, pk=pk)
    require_own(request, placement)
    form = _form(request, placement)
    if form.is_bound and form.is_valid():
        try:
            services.placement_update(
                actor=request.user,  # type: ignore[arg-type]
                placement=placement,
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The placement has been saved."))
            return redirect(placement)
    return render(request, "network/placement_form.html", {"form": form, "placement": placement})


@require_POST
@org_view(MANAGE)
def placement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_visible_or_404(Placement, request.user, pk=pk)
    require_own(request, placement)
    services.placement_delete(actor=request.user, placement=placement)  # type: ignore[arg-type]
    messages.success(request, _("The placement has been deleted."))
    return redirect("network:placement_list")
