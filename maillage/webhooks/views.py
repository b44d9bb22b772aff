"""The team's webhook pages: list, create (the secret shown once), change, enable or
disable, delete, send a test, and an endpoint's delivery log with its redeliveries.

Only those who manage the organisation reach them (`Perm.MANAGE_ORGANISATION`): an
endpoint sends the organisation's events out of Maillage.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.webhooks import queries, services
from maillage.webhooks.forms import EndpointEditForm, EndpointForm
from maillage.webhooks.models import Delivery, DeliveryStatus, Endpoint

MANAGE = Perm.MANAGE_ORGANISATION


def _endpoint(request: HttpRequest, pk: int) -> Endpoint:
    return get_visible_or_404(Endpoint, request.user, pk=pk)


@org_view(MANAGE)
def endpoint_list(request: HttpRequest) -> HttpResponse:
    endpoints = list(queries.endpoints(request.user))
    for endpoint in endpoints:
        endpoint.event_labels = queries.event_labels(endpoint.events)  # type: ignore[attr-defined]
    return render(request, "webhooks/endpoint_list.html", {"endpoints": endpoints})


@org_view(MANAGE)
def endpoint_create(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _secret_page(request, endpoint, secret, rotated=False)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": None})


def _secret_page(
    request: HttpRequest, endpoint: Endpoint, secret: str, *, rotated: bool
) -> HttpResponse:
    """The secret, in this answer only: never stored in clear nor cached."""
    response = render(
        request,
        "webhooks/endpoint_created.html",
        {"endpoint": endpoint, "secret": secret, "rotated": rotated},
    )
    add_never_cache_headers(response)
    return response


@org_view(MANAGE)
def endpoint_rotate_secret(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first: the receiver refuses the requests until it is given the new secret."""
    endpoint = _endpoint(request, pk)
    if request.method != "POST":
        return render(request, "webhooks/endpoint_rotate.html", {"endpoint": endpoint})
    endpoint, secret = services.endpoint_rotate_secret(
        actor=request.user,  # type: ignore[arg-type]
        endpoint=endpoint,
    )
    return _secret_page(request, endpoint, secret, rotated=True)


@org_view(MANAGE)
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {
            "endpoint": endpoint,
            "event_labels": queries.event_labels(endpoint.events),
            "deliveries": queries.delivery_log(endpoint),
            "log_size": queries.LOG_SIZE,
            "ABANDONED": DeliveryStatus.ABANDONED,
        },
    )


@org_view(MANAGE)
def endpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    initial = {"description": endpoint.description, "events": endpoint.events}
    form = EndpointEditForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.endpoint_update(
                actor=request.user,  # type: ignore[arg-type]
                endpoint=endpoint,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The webhook has been saved."))
            return redirect(endpoint.get_absolute_url())
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": endpoint})


def _set_active(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    services.endpoint_set_active(
        actor=request.user,  # type: ignore[arg-type]
        endpoint=endpoint,
        active=active,
    )
    if active:
        messages.success(request, _("The webhook is enabled: it receives the events again."))
    else:
        messages.success(request, _("The webhook is disabled: it receives no more events."))
    return redirect(endpoint.get_absolute_url())


@require_POST
@org_view(MANAGE)
def endpoint_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)


@require_POST
@org_view(MANAGE)
def endpoint_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


@org_view(MANAGE)
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    if request.method == "POST":
        services.endpoint_delete(actor=request.user, endpoint=endpoint)  # type: ignore[arg-type]
        messages.success(request, _("The webhook and its delivery log have been deleted."))
        return redirect("webhooks:endpoint_list")
    return render(request, "webhooks/endpoint_delete.html", {"endpoint": endpoint})


@require_POST
@org_view(MANAGE)
def endpoint_ping(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    services.endpoint_ping(actor=request.user, endpoint=endpoint)  # type: ignore[arg-type]
    messages.success(
        request,
        _("A test event is on its way: reload this page in a moment to see the answer."),
    )
    return redirect(endpoint.get_absolute_url())


@require_POST
@org_view(MANAGE)
def delivery_redeliver(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_visible_or_404(Delivery, request.user, pk=pk)
    try:
        services.delivery_redeliver(actor=request.user, delivery=delivery)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The delivery will be sent again."))
    return redirect("webhooks:endpoint", pk=delivery.endpoint_id)
