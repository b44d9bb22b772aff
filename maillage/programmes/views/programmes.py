"""Programmes: the list, the form, the programme's page (envelope, funded projects, budget,
spending, targets) and the forms that change them.

The funded organisations open the programme read-only (`Programme.objects.visible_to`); the
forms and buttons are the coordinating organisation's (`managed_by`), and anyone else gets a
404 there, never a 403 that would confirm the programme exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.programmes import queries, services
from maillage.programmes.forms_programmes import (
    BudgetLineForm,
    FundedProjectForm,
    ProgrammeForm,
    SpendingForm,
    TargetForm,
)
from maillage.programmes.models import (
    BudgetLine,
    FundedProject,
    IndicatorTarget,
    Programme,
    Spending,
)

READ = Perm.VIEW_STATISTICS
MANAGE = Perm.MANAGE_NETWORK
PAGE_SIZE = 25


def _managed(request: HttpRequest, pk: int) -> Programme:
    return get_visible_or_404(Programme.objects.all(), request.user, scope="managed_by", pk=pk)


def _managed_part[T: Model](request: HttpRequest, model: type[T], pk: int) -> T:
    """A project, line, spending or target of a programme the user's organisation manages."""
    managed = Programme.objects.managed_by(request.user).values("pk")
    queryset: QuerySet[T] = model._default_manager.select_related("programme")
    try:
        return queryset.filter(programme__in=managed).get(pk=pk)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404 from None


def _save(
    request: HttpRequest, form: Any, call: Callable[[], Any], done: str, next_url: str
) -> HttpResponse | None:
    """Call the service when the form is valid; on success, say so and go to `next_url`."""
    if not (form.is_bound and form.is_valid()):
        return None
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, done)
    return redirect(next_url)


# Programmes ---------------------------------------------------------------------------------


@org_view(READ)
def programme_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.programme_rows(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_create = request.org.has(MANAGE)  # type: ignore[attr-defined]
    return render(
        request, "programmes/programme_list.html", {"page": page, "can_create": can_create}
    )


@org_view(MANAGE)
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(posted(request))
    result: dict[str, Programme] = {}

    def call() -> None:
        values = form.service_values()
        result["programme"] = services.programme_create(
            actor=request.user,  # type: ignore[arg-type]
            organisation=request.org.organisation,  # type: ignore[attr-defined]
            funders=values.pop("funders") or [],
            **values,
        )

    if form.is_bound and form.is_valid():
        try:
            call()
        except ValidationError as exc:
            add_service_errors(form, exc)  # type: ignore[arg-type]
        else:
            messages.success(request, _("The programme has been created."))
            return redirect(result["programme"])
    return render(request, "programmes/programme_form.html", {"form": form, "programme": None})


@org_view(MANAGE)
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    form = ProgrammeForm(posted(request), instance=programme)

    def call() -> None:
        values = form.service_values()
        services.programme_update(
            actor=request.user,  # type: ignore[arg-type]
            programme=programme,
            funders=values.pop("funders") or [],
            **values,
        )

    done = _save(
        request, form, call, _("The programme has been saved."), programme.get_absolute_url()
    )
    return done or render(
        request, "programmes/programme_form.html", {"form": form, "programme": programme}
    )


@org_view(READ)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_visible_or_404(queries.programme_for_page(request.user), request.user, pk=pk)
    is_manager = queries.is_own(request.user, programme) and request.org.has(MANAGE)  # type: ignore[attr-defined]
    budget = queries.programme_budget(request.user, programme, is_manager=is_manager)
    chart = (
        queries.spending_chart(budget.chart_lines, _("Spending per budget line"))
        if budget.chart_lines
        else None
    )
    context = {"programme": programme, "budget": budget, "chart": chart}
    return render(request, "programmes/programme_detail.html", context)


# Funded projects ----------------------------------------------------------------------------


@org_view(READ)
def project_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_visible_or_404(queries.programme_for_page(request.user), request.user, pk=pk)
    rows = list(queries.funded_project_rows(programme))
    context = {"programme": programme, "projects": rows}
    return render(request, "programmes/funded_project_list.html", context)


def _project_form(
    request: HttpRequest, programme: Programme, project: FundedProject | None
) -> HttpResponse:
    form = FundedProjectForm(posted(request), instance=project, user=request.user)

    def call() -> None:
        if project is None:
            services.funded_project_add(
                actor=request.user,  # type: ignore[arg-type]
                programme=programme,
                **form.service_values(),
            )
        else:
            services.funded_project_update(
                actor=request.user,  # type: ignore[arg-type]
                project=project,
                **form.service_values(),
            )

    done = _save(
        request,
        form,
        call,
        _("The funded project has been saved."),
        programme.get_absolute_url() + "#projects",
    )
    if done:
        over = services.granted_over_envelope(programme)
        if over:
            messages.warning(
                request,
                _("The amounts granted exceed the envelope by %(over)s.")
                % {"over": services.money(over)},
            )
        return done
    context = {"form": form, "programme": programme, "project": project}
    return render(request, "programmes/funded_project_form.html", context)


@org_view(MANAGE)
def project_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(request, _managed(request, pk), None)


@org_view(MANAGE)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_part(request, FundedProject, pk)
    return _project_form(request, project.programme, project)


def _remove(request: HttpRequest, call: Callable[[], Any], done: str, next_url: str) -> Any:
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(next_url)


@require_POST
@org_view(MANAGE)
def project_remove(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_part(request, FundedProject, pk)
    return _remove(  # type: ignore[no-any-return]
        request,
        lambda: services.funded_project_remove(actor=request.user, project=project),  # type: ignore[arg-type]
        _("The funded project has been removed."),
        project.programme.get_absolute_url() + "#projects",
    )


# Budget lines -------------------------------------------------------------------------------


def _line_form(request: HttpRequest, programme: Programme, line: BudgetLine | None) -> HttpResponse:
    form = BudgetLineForm(posted(request), instance=line)

    def call() -> None:
        values = form.service_values()
        if line is None:
            services.budget_line_add(actor=request.user, programme=programme, **values)  # type: ignore[arg-type]
        else:
            services.budget_line_update(actor=request.user, line=line, **values)  # type: ignore[arg-type]

    done = _save(
        request,
        form,
        call,
        _("The budget line has been saved."),
        programme.get_absolute_url() + "#budget",
    )
    context = {"form": form, "programme": programme, "line": line}
    return done or render(request, "programmes/budget_form.html", context)


@org_view(MANAGE)
def budget_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _line_form(request, _managed(request, pk), None)


@org_view(MANAGE)
def budget_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = _managed_part(request, BudgetLine, pk)
    return _line_form(request, line.programme, line)


@require_POST
@org_view(MANAGE)
def budget_remove(request: HttpRequest, pk: int) -> HttpResponse:
    line = _managed_part(request, BudgetLine, pk)
    return _remove(  # type: ignore[no-any-return]
        request,
        lambda: services.budget_line_remove(actor=request.user, line=line),  # type: ignore[arg-type]
        _("The budget line has been removed."),
        line.programme.get_absolute_url() + "#budget",
    )


# Spending -----------------------------------------------------------------------------------


@org_view(READ)
def spending_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_visible_or_404(queries.programme_for_page(request.user), request.user, pk=pk)
    page = Paginator(queries.spending_rows(programme), PAGE_SIZE).get_page(request.GET.get("page"))
    is_manager = queries.is_own(request.user, programme) and request.org.has(MANAGE)  # type: ignore[attr-defined]
    context = {"programme": programme, "page": page, "is_manager": is_manager}
    return render(request, "programmes/spending_list.html", context)


@org_view(MANAGE)
def spending_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    form = SpendingForm(posted(request), programme=programme)
    over: services.OverEnvelope | None = None
    if form.is_bound and form.is_valid():
        try:
            services.spending_record(
                actor=request.user,  # type: ignore[arg-type]
                programme=programme,
                **form.service_values(),
            )
        except services.OverEnvelope as exc:
            over = exc
            add_service_errors(form, exc)  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)  # type: ignore[arg-type]
        else:
            messages.success(request, _("The spending has been recorded."))
            return redirect(programme.get_absolute_url() + "#spending")
    context = {
        "form": form,
        "programme": programme,
        "remaining": services.remaining_envelope(programme),
        "over": over,
    }
    return render(request, "programmes/spending_form.html", context)


@require_POST
@org_view(MANAGE)
def spending_remove(request: HttpRequest, pk: int) -> HttpResponse:
    spending = _managed_part(request, Spending, pk)
    return _remove(  # type: ignore[no-any-return]
        request,
        lambda: services.spending_remove(actor=request.user, spending=spending),  # type: ignore[arg-type]
        _("The spending has been removed."),
        spending.programme.get_absolute_url() + "#spending",
    )


# Indicator targets --------------------------------------------------------------------------


@org_view(MANAGE)
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    initial = {"period_start": programme.starts_on, "period_end": programme.ends_on}
    form = TargetForm(posted(request), initial=initial)

    def call() -> None:
        services.indicator_target_set(
            actor=request.user,  # type: ignore[arg-type]
            programme=programme,
            **form.service_values(),
        )

    done = _save(
        request,
        form,
        call,
        _("The target has been saved."),
        programme.get_absolute_url() + "#targets",
    )
    context = {"form": form, "programme": programme}
    return done or render(request, "programmes/target_form.html", context)


@require_POST
@org_view(MANAGE)
def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_part(request, IndicatorTarget, pk)
    return _remove(  # type: ignore[no-any-return]
        request,
        lambda: services.indicator_target_remove(actor=request.user, target=target),  # type: ignore[arg-type]
        _("The target has been removed."),
        target.programme.get_absolute_url() + "#targets",
    )
