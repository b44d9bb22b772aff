"""Field observations and youth consultations, whose opinions become observations."""

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

from maillage.community import services
from maillage.community.forms import (
    OPINION,
    ConsultationForm,
    ObservationFilterForm,
    ObservationForm,
    OpinionForm,
)
from maillage.community.models import ObservationFile, YouthConsultation
from maillage.community.queries import consultation_rows, observation_rows
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.core.uploads import serve_upload

TEAM = Perm.VIEW_TEAM
PAGE_SIZE = 30


@org_view(TEAM)
def observation_list(request: HttpRequest) -> HttpResponse:
    form = ObservationFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = observation_rows(
        request.user,
        theme=data.get("theme") or "",
        commune=data.get("commune"),
        source=data.get("source") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    if request.htmx and request.htmx.target == "observation-results":  # type: ignore[attr-defined]
        return render(request, "community/partials/observation_results.html", context)
    return render(request, "community/observation_list.html", context)


@org_view(TEAM)
def observation_create(request: HttpRequest) -> HttpResponse:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    form = ObservationForm(
        posted(request),
        request.FILES or None,
        initial={"date": timezone.localdate(), "commune": organisation.commune_id},
    )
    if form.is_bound and form.is_valid():
        try:
            services.observation_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The observation has been recorded."))
            return redirect("community:observation_list")
    return render(request, "community/observation_form.html", {"form": form})


@org_view(TEAM)
def consultation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(consultation_rows(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/consultation_list.html", {"page": page})


@org_view(TEAM)
def consultation_create(request: HttpRequest) -> HttpResponse:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    form = ConsultationForm(
        posted(request),
        initial={"date": timezone.localdate(), "commune": organisation.commune_id},
    )
    if form.is_bound and form.is_valid():
        try:
            consultation = services.consultation_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The consultation has been recorded: add the opinions heard.")
            )
            return redirect(consultation)
    return render(request, "community/consultation_form.html", {"form": form})


def _consultation(request: HttpRequest, pk: int) -> YouthConsultation:
    return get_visible_or_404(
        YouthConsultation.objects.select_related("commune"), request.user, pk=pk
    )


def render_consultation(
    request: HttpRequest, consultation: YouthConsultation, form: OpinionForm | None = None
) -> HttpResponse:
    opinions = consultation.opinions.order_by("theme", "pk")
    context = {
        "consultation": consultation,
        "opinions": opinions,
        "form": form or OpinionForm(prefix=OPINION),
    }
    return render(request, "community/consultation_detail.html", context)


@org_view(TEAM)
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_consultation(request, _consultation(request, pk))


@require_POST
@org_view(TEAM)
def opinion_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    form = OpinionForm(request.POST, prefix=OPINION)
    if form.is_valid():
        try:
            services.opinion_add(
                actor=request.user,  # type: ignore[arg-type]
                consultation=consultation,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The opinion has been added as an observation."))
            return redirect(consultation.get_absolute_url() + "#opinions")
    return render_consultation(request, consultation, form)


@org_view(TEAM)
def observation_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file of an observation the user sees (its organisation's)."""
    row = get_visible_or_404(ObservationFile, request.user, observation_id=pk)
    return serve_upload(row)
