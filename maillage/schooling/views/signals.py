"""The signal inbox: the list, a signal's page with the pupil's absence curve, its actions
(one URL each, POST), the consent step that turns it into a follow-up, and a signal entered
by hand. The inbox's acknowledge and assign buttons answer HTMX with the row alone; without
JavaScript they post and come back to the page they were sent from."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.casework.queries import eligible_workers
from maillage.core.forms import add_service_errors, posted
from maillage.core.models import User
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.core.validation import parse_id
from maillage.schooling import signalling
from maillage.schooling.forms_signals import (
    AssignForm,
    CloseForm,
    FollowUpForm,
    SignalFilterForm,
    SignalForm,
)
from maillage.schooling.models import Signal, SignalStatus
from maillage.schooling.school_years import current_school_year
from maillage.schooling.signal_queries import absence_curve, signal_for_page, signal_rows
from maillage.schooling.signal_rows import SignalRows

WORK = Perm.WORK_WITH_YOUNG_PEOPLE
PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    user: Any = request.user
    return user  # type: ignore[no-any-return]


def _org_id(request: HttpRequest) -> int:
    org_id: int = request.org.organisation.pk  # type: ignore[attr-defined]
    return org_id


def _text(errors: Any) -> str:
    return " ".join(str(error) for error in errors)


def _is_row(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@org_view(WORK)
def signal_list(request: HttpRequest) -> HttpResponse:
    workers = list(eligible_workers(_org_id(request)))
    form = SignalFilterForm(request.GET or None, workers=workers)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = signal_rows(
        request.user,
        status=data.get("status") or "",
        source=data.get("source") or "",
        assigned=data.get("assigned") or "",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    rows_html = SignalRows.of(request, workers, back=request.get_full_path()).rows(page)
    context = {"form": form, "page": page, "rows": rows_html}
    if request.htmx and request.htmx.target == "signal-results":  # type: ignore[attr-defined]
        return render(request, "schooling/partials/signal_results.html", context)
    return render(request, "schooling/signal_list.html", context)


def _render_signal(
    request: HttpRequest,
    signal: Signal,
    *,
    assign_form: AssignForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    org_id = signal.organisation_id
    year = signal.school_year or current_school_year(signal.raised_on)
    curve = absence_curve(organisation_id=org_id, person_id=signal.person_id, school_year=year)
    context = {
        "signal": signal,
        "curve": curve,
        "is_open": signal.status in (SignalStatus.NEW, SignalStatus.ACKNOWLEDGED),
        "assign_form": assign_form
        or AssignForm(organisation_id=org_id, initial={"worker": signal.assigned_to_id}),
        "close_form": close_form or CloseForm(),
    }
    return render(request, "schooling/signal_detail.html", context, status=status)


@org_view(WORK)
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_visible_or_404(signal_for_page(request.user), request.user, pk=pk)
    return _render_signal(request, signal)


def _back(request: HttpRequest, signal: Signal) -> HttpResponse:
    """Back to the inbox page the button was on, or to the signal's page."""
    target = request.POST.get("next", "")
    # A local path only: redirect() would take a bare word ("x") for a URL name and fail.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(signal)


def _row(request: HttpRequest, pk: int, error: str = "") -> HttpResponse:
    signal = get_visible_or_404(signal_rows(request.user), request.user, pk=pk)
    workers = eligible_workers(signal.organisation_id)
    markup = SignalRows.of(request, workers, back=request.POST.get("next", ""))
    return HttpResponse(markup.row(signal, error))


@require_POST
@org_view(WORK)
def signal_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_visible_or_404(Signal.objects.all(), request.user, pk=pk)
    try:
        signalling.signal_acknowledge(actor=_user(request), signal=signal)
    except ValidationError as exc:
        if _is_row(request):
            return _row(request, pk, " ".join(exc.messages))
        messages.error(request, " ".join(exc.messages))
        return _back(request, signal)
    if _is_row(request):
        return _row(request, pk)
    messages.success(request, _("The signal has been acknowledged."))
    return _back(request, signal)


@require_POST
@org_view(WORK)
def signal_assign(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_visible_or_404(signal_for_page(request.user), request.user, pk=pk)
    form = AssignForm(request.POST, organisation_id=signal.organisation_id)
    if form.is_valid():
        try:
            signalling.signal_assign(
                actor=_user(request), signal=signal, worker=form.cleaned_data["worker"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if _is_row(request):
                return _row(request, pk)
            messages.success(request, _("The signal has been assigned."))
            return _back(request, signal)
    if _is_row(request):
        return _row(request, pk, _text(e for errors in form.errors.values() for e in errors))
    if form.non_field_errors() and not form.has_error("worker"):
        # The signal itself refuses (closed, turned into a follow-up): say so on its page.
        messages.error(request, _text(form.non_field_errors()))
        return redirect(signal)
    return _render_signal(request, signal, assign_form=form)


@require_POST
@org_view(WORK)
def signal_close(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_visible_or_404(signal_for_page(request.user), request.user, pk=pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            signalling.signal_close(
                actor=_user(request), signal=signal, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The signal has been closed."))
            return redirect(signal)
    if form.non_field_errors() and not form.has_error("reason"):
        messages.error(request, _text(form.non_field_errors()))
        return redirect(signal)
    return _render_signal(request, signal, close_form=form)


@org_view(WORK)
def signal_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """The consent step, then the follow-up."""
    signal = get_visible_or_404(signal_for_page(request.user), request.user, pk=pk)
    if signal.status not in (SignalStatus.NEW, SignalStatus.ACKNOWLEDGED):
        messages.error(
            request,
            _("This signal has already been turned into a follow-up: continue there.")
            if signal.status == SignalStatus.FOLLOWED_UP
            else _("This signal is closed: nothing more can be done with it."),
        )
        return redirect(signal)
    form = FollowUpForm(
        posted(request),
        user=_user(request),
        organisation_id=signal.organisation_id,
        assigned_to=signal.assigned_to,
    )
    if form.is_bound and form.is_valid():
        try:
            followup = signalling.signal_follow_up(
                actor=_user(request),
                signal=signal,
                agreed=form.cleaned_data["agreed"],
                agreed_on=form.cleaned_data["agreed_on"],
                themes=form.cleaned_data["themes"],
                workers=list(form.cleaned_data["workers"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The follow-up has been opened."))
            return redirect(followup)
    return render(request, "schooling/signal_follow_up.html", {"signal": signal, "form": form})


@org_view(WORK)
def signal_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    person = parse_id(request.GET.get("person"))
    initial = {"person": person} if person is not None else {}
    form = SignalForm(posted(request), user=user, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            signal = signalling.signal_create(
                actor=user,
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The signal has been recorded."))
            return redirect(signal)
    return render(request, "schooling/signal_form.html", {"form": form})
