"""A young person's school / training / employment situation over time."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.people.models import Person
from maillage.schooling.forms_esf import StatusForm
from maillage.schooling.models import Participant
from maillage.schooling.timeline import education_status_record, status_timeline

WORK = Perm.WORK_WITH_YOUNG_PEOPLE


def _person(request: HttpRequest, pk: int) -> Person:
    return get_visible_or_404(Person, request.user, pk=pk)


@org_view(WORK)
def status_timeline_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    rows = status_timeline(request.user, person)
    current = next((row for row in rows if row.is_current), None)
    participant = (
        Participant.objects.visible_to(request.user)
        .filter(person=person)
        .only("pk", "entered_on", "exited_on")
        .first()
    )
    return render(
        request,
        "schooling/status_timeline.html",
        {"person": person, "rows": rows, "current": current, "participant": participant},
    )


@org_view(WORK)
def status_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    initial: dict[str, Any] = {"starts_on": timezone.localdate()}
    if followup := request.GET.get("suivi"):
        initial["followup"] = followup
    form = StatusForm(posted(request), user=request.user, person=person, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            education_status_record(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The situation has been recorded."))
            return redirect("schooling:status_timeline", pk=person.pk)
    return render(request, "schooling/status_form.html", {"person": person, "form": form})
