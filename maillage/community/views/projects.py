"""Community projects: the list, the form, the project's page and its budget lines.

Partners named on a project open its page read-only: the forms and buttons are shown to the
organisation that runs it, and its services refuse anyone else.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.community import services
from maillage.community.forms import BUDGET, BudgetLineForm, ProjectFilterForm, ProjectForm
from maillage.community.models import BudgetLine, Project
from maillage.community.queries import project_for_page, project_page, project_rows
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

TEAM = Perm.VIEW_TEAM
PAGE_SIZE = 25


def _own_project(request: HttpRequest, pk: int) -> Project:
    """A project the user's organisation runs: partners get a 404 on the forms."""
    return get_visible_or_404(Project.objects.all(), request.user, scope="own", pk=pk)


@org_view(TEAM)
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = project_rows(request.user, status=data.get("status") or "", text=data.get("q") or "")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    if request.htmx and request.htmx.target == "project-results":  # type: ignore[attr-defined]
        return render(request, "community/partials/project_results.html", context)
    return render(request, "community/project_list.html", context)


def _project_form(request: HttpRequest, project: Project | None) -> ProjectForm:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    initial = {} if project else {"communes": [organisation.commune_id]}
    return ProjectForm(
        posted(request),
        instance=project,
        initial=initial,
        organisation_id=organisation.pk,
        user=request.user,
    )


@org_view(TEAM)
def project_create(request: HttpRequest) -> HttpResponse:
    form = _project_form(request, None)
    if form.is_bound and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The project has been created."))
            return redirect(project)
    return render(request, "community/project_form.html", {"form": form, "project": None})


@org_view(TEAM)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _own_project(request, pk)
    form = _project_form(request, project)
    if form.is_bound and form.is_valid():
        try:
            services.project_update(
                actor=request.user,  # type: ignore[arg-type]
                project=project,
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect(project)
    return render(request, "community/project_form.html", {"form": form, "project": project})


def render_project(
    request: HttpRequest, project: Project, budget_form: BudgetLineForm | None = None
) -> HttpResponse:
    page = project_page(request.user, project)
    context = {
        "project": project,
        "page": page,
        "budget_form": budget_form or BudgetLineForm(prefix=BUDGET),
    }
    return render(request, "community/project_detail.html", context)


@org_view(TEAM)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_or_404(project_for_page(request.user), request.user, pk=pk)
    return render_project(request, project)


@require_POST
@org_view(TEAM)
def budget_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _own_project(request, pk)
    form = BudgetLineForm(request.POST, prefix=BUDGET)
    if form.is_valid():
        try:
            services.budget_line_add(
                actor=request.user,  # type: ignore[arg-type]
                project=project,
                label=form.cleaned_data["label"],
                planned=form.cleaned_data["planned"],
                spent=form.cleaned_data["spent"] or Decimal(0),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The budget line has been added."))
            return redirect(project.get_absolute_url() + "#budget")
    project = get_visible_or_404(project_for_page(request.user), request.user, pk=pk)
    return render_project(request, project, form)


@require_POST
@org_view(TEAM)
def budget_remove(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_visible_or_404(BudgetLine.objects.select_related("project"), request.user, pk=pk)
    services.budget_line_remove(actor=request.user, line=line)  # type: ignore[arg-type]
    messages.success(
        request, _("The budget line “%(label)s” has been removed.") % {"label": line.label}
    )
    return redirect(line.project.get_absolute_url() + "#budget")
