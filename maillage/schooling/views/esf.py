"""The ESF+ participant records: list, entry, record, exit, re-entry, results after exit,
and the results to record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.schooling import esf
from maillage.schooling.esf_queries import (
    MOMENT_SLUGS,
    participant_results,
    participant_rows,
    results_due,
)
from maillage.schooling.forms_esf import (
    ExitForm,
    ParticipantEntryForm,
    ParticipantFilterForm,
    ReentryForm,
    ResultForm,
)
from maillage.schooling.models import Participant, ResultMoment

WORK = Perm.WORK_WITH_YOUNG_PEOPLE
PAGE_SIZE = 30


def _participant(request: HttpRequest, pk: int) -> Participant:
    return get_visible_or_404(
        Participant.objects.select_related("person", "created_by"), request.user, pk=pk
    )


@org_view(WORK)
def participant_list(request: HttpRequest) -> HttpResponse:
    form = ParticipantFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    page = Paginator(participant_rows(request.user, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "schooling/participant_list.html", {"form": form, "page": page})


@org_view(WORK)
def participant_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"entered_on": timezone.localdate()}
    if person := request.GET.get("jeune"):
        initial["person"] = person
    form = ParticipantEntryForm(posted(request), user=request.user, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            participant = esf.participant_enter(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The participant’s entry has been recorded."))
            return redirect(participant)
    return render(request, "schooling/participant_form.html", {"form": form})


def render_participant(
    request: HttpRequest, participant: Participant, reentry_form: ReentryForm | None = None
) -> HttpResponse:
    results = participant_results(participant)
    due = []
    if participant.exited_on:
        recorded = {r.moment for r in results if r.exit_on == participant.exited_on}
        due = [
            {
                "slug": slug,
                "label": ResultMoment(moment).label,
                "due_on": esf.result_due_on(participant.exited_on, moment),
                "recorded": moment in recorded,
            }
            for slug, moment in MOMENT_SLUGS.items()
        ]
    context = {
        "participant": participant,
        "results": results,
        "due": due,
        "reentry_form": reentry_form or ReentryForm(initial={"reentered_on": timezone.localdate()}),
    }
    return render(request, "schooling/participant_detail.html", context)


@org_view(WORK)
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_participant(request, _participant(request, pk))


def _form_page(
    request: HttpRequest,
    participant: Participant,
    form: forms.Form,
    *,
    title: str,
    submit: str,
    action: Any,
    success: str,
) -> HttpResponse:
    if form.is_bound and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(participant)
    return render(
        request,
        "schooling/participant_step.html",
        {"participant": participant, "form": form, "title": title, "submit": submit},
    )


@org_view(WORK)
def participant_exit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _form_page(
        request,
        participant,
        ExitForm(posted(request), initial={"exited_on": timezone.localdate()}),
        title=_("Exit of the participant"),
        submit=_("Record the exit"),
        action=lambda data: esf.participant_exit(
            actor=request.user,  # type: ignore[arg-type]
            participant=participant,
            **data,
        ),
        success=_("The exit has been recorded."),
    )


@org_view(WORK)
def participant_result(request: HttpRequest, pk: int, moment: str) -> HttpResponse:
    participant = _participant(request, pk)
    if moment not in MOMENT_SLUGS:
        raise Http404
    kind = MOMENT_SLUGS[moment]
    initial = {"recorded_on": timezone.localdate()}
    return _form_page(
        request,
        participant,
        ResultForm(posted(request), initial=initial),
        title=str(ResultMoment(kind).label),
        submit=_("Record the result"),
        action=lambda data: esf.participant_result_record(
            actor=request.user,  # type: ignore[arg-type]
            participant=participant,
            moment=kind,
            **data,
        ),
        success=_("The result has been recorded."),
    )


@require_POST
@org_view(WORK)
def participant_reenter(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = ReentryForm(request.POST)
    if form.is_valid():
        try:
            esf.participant_reenter(
                actor=request.user,  # type: ignore[arg-type]
                participant=participant,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The re-entry has been recorded; the first entry’s data is kept.")
            )
            return redirect(participant)
    return render_participant(request, participant, form)


@org_view(WORK)
def results_due_list(request: HttpRequest) -> HttpResponse:
    return render(request, "schooling/results_due.html", {"due": results_due(request.user)})
