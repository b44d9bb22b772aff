"""Trainings of the organisation's workers, and the hours of training per worker per year."""

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
from maillage.network.forms import TrainingForm, YearForm, format_days
from maillage.network.models import Training
from maillage.network.views.common import MANAGE, PAGE_SIZE, READ, can_manage


def _year(request: HttpRequest) -> tuple[YearForm, int]:
    form = YearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return form, year or timezone.localdate().year


@org_view(READ)
def training_list(request: HttpRequest) -> HttpResponse:
    form, year = _year(request)
    rows = queries.training_rows(request.user, year=year)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/training_list.html",
        {"form": form, "page": page, "year": year, "years": queries.training_years(request.user)},
    )


@org_view(READ)
def training_hours(request: HttpRequest) -> HttpResponse:
    form, year = _year(request)
    rows = queries.hours_per_worker(request.user, year)
    return render(
        request,
        "network/training_hours.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "total": sum((row.hours for row in rows), start=0),
            "years": queries.training_years(request.user),
        },
    )


@org_view(READ)
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(queries.training_for_page(request.user), request.user, pk=pk)
    days = list(training.days.all())
    return render(
        request,
        "network/training_detail.html",
        {
            "training": training,
            "days": days,
            "hours": sum((d.hours for d in days), start=0),
            "can_manage": can_manage(request, training),
        },
    )


def _form(request: HttpRequest, training: Training | None) -> TrainingForm:
    user: Any = request.user
    initial: dict[str, Any] = {}
    if training is not None:
        initial = {
            "title": training.title,
            "trainer": training.trainer,
            "place": training.place,
            "description": training.description,
            "days": format_days(training),
            "participants": [p.pk for p in training.participants.all()],
        }
    return TrainingForm(posted(request), initial=initial, workers=queries.placement_workers(user))


@org_view(MANAGE)
def training_create(request: HttpRequest) -> HttpResponse:
    form = _form(request, None)
    if form.is_bound and form.is_valid():
        try:
            training = services.training_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training has been recorded."))
            return redirect(training)
    return render(request, "network/training_form.html", {"form": form, "training": None})


@org_view(MANAGE)
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(queries.training_for_page(request.user), request.user, pk=pk)
    form = _form(request, training)
    if form.is_bound and form.is_valid():
        try:
            services.training_update(
                actor=request.user,  # type: ignore[arg-type]
                training=training,
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training has been saved."))
            return redirect(training)
    return render(request, "network/training_form.html", {"form": form, "training": training})


@require_POST
@org_view(MANAGE)
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(Training, request.user, pk=pk)
    services.training_delete(actor=request.user, training=training)  # type: ignore[arg-type]
    messages.success(request, _("The training has been deleted."))
    return redirect("network:training_list")
