"""The community social diagnosis: its sections edited by the team, the observations and
anonymised figures of its zone and period, its PDF, its adoption and its action plan.

The team writes the sections; adopting the diagnosis and planning the actions commit the
organisation, and are for those who manage its network work (coordinators, directors).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.community import services
from maillage.community.figures import diagnosis_figures
from maillage.community.forms import ACTION, ADOPT, AdoptForm, DiagnosisForm, PlanActionForm
from maillage.community.models import Diagnosis, PlanAction
from maillage.community.pdf import diagnosis_pdf as render_pdf
from maillage.community.queries import (
    current_diagnosis,
    diagnosis_for_page,
    diagnosis_rows,
    due_of,
    observations_by_theme,
)
from maillage.core import documents
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

TEAM = Perm.VIEW_TEAM
MANAGE = Perm.MANAGE_NETWORK


def _diagnosis(request: HttpRequest, pk: int) -> Diagnosis:
    return get_visible_or_404(diagnosis_for_page(request.user), request.user, pk=pk)


@org_view(TEAM)
def diagnosis_list(request: HttpRequest) -> HttpResponse:
    current = current_diagnosis(request.user)
    context = {
        "diagnoses": list(diagnosis_rows(request.user)),
        "current": current,
        "due": due_of(current),
    }
    return render(request, "community/diagnosis_list.html", context)


def _diagnosis_form(request: HttpRequest, diagnosis: Diagnosis | None) -> DiagnosisForm:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    initial: dict[str, Any] = {}
    if diagnosis is None:
        today = timezone.localdate()
        initial = {
            "communes": [organisation.commune_id],
            "period_start": today.replace(year=today.year - 3),
            "period_end": today,
        }
    return DiagnosisForm(posted(request), instance=diagnosis, initial=initial)


@org_view(TEAM)
def diagnosis_create(request: HttpRequest) -> HttpResponse:
    form = _diagnosis_form(request, None)
    if form.is_bound and form.is_valid():
        try:
            diagnosis = services.diagnosis_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The diagnosis has been created."))
            return redirect(diagnosis)
    return render(request, "community/diagnosis_form.html", {"form": form, "diagnosis": None})


@org_view(TEAM)
def diagnosis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = _diagnosis(request, pk)
    form = _diagnosis_form(request, diagnosis)
    if form.is_bound and form.is_valid():
        try:
            services.diagnosis_update(
                actor=request.user,  # type: ignore[arg-type]
                diagnosis=diagnosis,
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The diagnosis has been saved."))
            return redirect(diagnosis)
    context = {"form": form, "diagnosis": diagnosis}
    return render(request, "community/diagnosis_form.html", context)


def diagnosis_context(diagnosis: Diagnosis) -> dict[str, Any]:
    """What the page and the PDF show: sections, observations, figures, the plan."""
    individual, collective = diagnosis_figures(diagnosis)
    return {
        "diagnosis": diagnosis,
        "communes": list(diagnosis.communes.all()),
        "themes": observations_by_theme(diagnosis),
        "individual": individual,
        "collective": collective,
        "actions": list(diagnosis.actions.all()),
        "due": due_of(diagnosis),
    }


def render_diagnosis(
    request: HttpRequest, diagnosis: Diagnosis, **bound: forms.Form
) -> HttpResponse:
    context = {
        **diagnosis_context(diagnosis),
        "can_manage": request.org.has(MANAGE),  # type: ignore[attr-defined]
        "adopt_form": AdoptForm(prefix=ADOPT, initial={"adopted_on": timezone.localdate()}),
        "action_form": PlanActionForm(
            prefix=ACTION,
            user=request.user,
            initial={
                "responsible": diagnosis.organisation_id,
                "starts_on": diagnosis.plan_start,
                "ends_on": diagnosis.plan_end,
            },
        ),
        **bound,
    }
    return render(request, "community/diagnosis_detail.html", context)


@org_view(TEAM)
def diagnosis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_diagnosis(request, _diagnosis(request, pk))


@org_view(TEAM)
def diagnosis_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = _diagnosis(request, pk)
    content = render_pdf(diagnosis_context(diagnosis))
    audit_log(
        actor=request.user,
        action="community.diagnosis.exported",
        kind=AuditKind.READ,
        target=diagnosis,
        changes={"format": "pdf"},
    )
    response = HttpResponse(content, content_type=documents.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="diagnostic-{diagnosis.pk}.pdf"'
    return response


@require_POST
@org_view(MANAGE)
def diagnosis_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = _diagnosis(request, pk)
    form = AdoptForm(request.POST, prefix=ADOPT)
    if form.is_valid():
        try:
            services.diagnosis_adopt(
                actor=request.user,  # type: ignore[arg-type]
                diagnosis=diagnosis,
                adopted_on=form.cleaned_data["adopted_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The diagnosis has been adopted."))
            return redirect(diagnosis.get_absolute_url() + "#adoption")
    return render_diagnosis(request, diagnosis, adopt_form=form)


@require_POST
@org_view(MANAGE)
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = _diagnosis(request, pk)
    form = PlanActionForm(request.POST, prefix=ACTION, user=request.user)
    if form.is_valid():
        try:
            services.plan_action_add(
                actor=request.user,  # type: ignore[arg-type]
                diagnosis=diagnosis,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action has been added to the plan."))
            return redirect(diagnosis.get_absolute_url() + "#plan")
    return render_diagnosis(request, diagnosis, action_form=form)


@require_POST
@org_view(MANAGE)
def action_remove(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_visible_or_404(PlanAction.objects.select_related("diagnosis"), request.user, pk=pk)
    services.plan_action_remove(actor=request.user, action=action)  # type: ignore[arg-type]
    messages.success(
        request, _("The action “%(objective)s” has been removed.") % {"objective": action.objective}
    )
    return redirect(action.diagnosis.get_absolute_url() + "#plan")
