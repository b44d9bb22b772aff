"""The team's pages of the social offer: the searchable list with its map, the service's
page, the form, and the actions posted from the page (publish, withdraw, confirm).

Every signed-in member reads the network's published services; only the organisation that
offers a service changes it (`Perm.MANAGE_NETWORK`, objects fetched through `editable_by`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.directory import queries, services
from maillage.directory.forms import ServiceForm, TeamSearchForm
from maillage.directory.models import Service

MANAGE = Perm.MANAGE_NETWORK
PAGE_SIZE = 25
RESULTS_TARGET = "service-results"


def _editable(request: HttpRequest, pk: int) -> Service:
    return get_visible_or_404(Service, request.user, scope="editable_by", pk=pk)


def search_context(
    request: HttpRequest, form: Any, services_qs: Any, *, public: bool
) -> dict[str, Any]:
    """What the list and its HTMX partial show: a page of results and the map's points."""
    criteria = form.search()
    found = queries.search(services_qs, criteria, user=request.user)
    page = Paginator(found.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "points": queries.map_points(found, public=public),
        "filtered": form.filtered,
        "tile_url": settings.MAILLAGE_MAP_TILE_URL,
        "tile_attribution": (
            "© OpenStreetMap" if "openstreetmap" in settings.MAILLAGE_MAP_TILE_URL else ""
        ),
        "public": public,
    }


@org_view(None)
def service_list(request: HttpRequest) -> HttpResponse:
    visible = Service.objects.visible_to(request.user)
    form = TeamSearchForm(request.GET or None, communes=queries.communes_served(visible))
    context = search_context(request, form, queries.with_details(visible), public=False)
    context["can_manage"] = request.org.has(MANAGE)  # type: ignore[attr-defined]
    context["editable_ids"] = set(
        Service.objects.editable_by(request.user).values_list("pk", flat=True)
    )
    if request.htmx and request.htmx.target == RESULTS_TARGET:  # type: ignore[attr-defined]
        return render(request, "directory/partials/service_results.html", context)
    return render(request, "directory/service_list.html", context)


@org_view(None)
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_visible_or_404(queries.with_details(Service.objects.all()), request.user, pk=pk)
    can_edit = Service.objects.editable_by(request.user).filter(pk=service.pk).exists()
    return render(
        request,
        "directory/service_detail.html",
        {"service": service, "can_edit": can_edit, "stale": service.is_stale()},
    )


def _save(request: HttpRequest, service: Service | None) -> HttpResponse:
    form = ServiceForm(posted(request), instance=service)
    if form.is_bound and form.is_valid():
        try:
            if service is None:
                service = services.service_create(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=request.org.organisation,  # type: ignore[attr-defined]
                    **form.service_values(),
                )
                messages.success(request, _("The service has been added to the social offer."))
            else:
                services.service_update(
                    actor=request.user,  # type: ignore[arg-type]
                    service=service,
                    **form.service_values(),
                )
                messages.success(request, _("The service has been saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(service.get_absolute_url())
    return render(request, "directory/service_form.html", {"form": form, "service": service})


@org_view(MANAGE)
def service_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@org_view(MANAGE)
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, _editable(request, pk))


def _set_published(request: HttpRequest, pk: int, *, published: bool) -> HttpResponse:
    service = _editable(request, pk)
    services.service_set_published(
        actor=request.user,  # type: ignore[arg-type]
        service=service,
        published=published,
    )
    if published:
        messages.success(request, _("The service is published."))
    else:
        messages.success(request, _("The service is withdrawn: only your organisation sees it."))
    return redirect(service.get_absolute_url())


@require_POST
@org_view(MANAGE)
def service_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_published(request, pk, published=True)


@require_POST
@org_view(MANAGE)
def service_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_published(request, pk, published=False)


@require_POST
@org_view(MANAGE)
def service_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    service = _editable(request, pk)
    services.service_confirm(actor=request.user, service=service)  # type: ignore[arg-type]
    messages.success(request, _("Thank you: the entry is marked as still up to date."))
    next_url = request.POST.get("next", "")
    if next_url == "home":
        return redirect("core:home")
    return redirect(service.get_absolute_url())
