from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.audit import audit_log
from maillage.core.forms import posted
from maillage.core.jobs import job_start
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.people.models import Person
from maillage.people.queries import person_search
from maillage.privacy import services
from maillage.privacy.forms import ConfirmErasureForm, PersonSearchForm, RetentionPolicyForm

PLAN_PREVIEW = 50


@org_view(Perm.HANDLE_DATA_REQUESTS)
def index(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    persons: list[Person] = []
    if form.is_valid():
        found = person_search(request.user, form.cleaned_data["q"], scope="findable_by")
        persons = list(found[:50])
    return render(request, "privacy/index.html", {"form": form, "persons": persons})


def _person(request: HttpRequest, pk: int) -> Person:
    # The whole organisation's files, for its legal duties: not a worker's `visible_to`.
    return get_visible_or_404(Person, request.user, scope="findable_by", pk=pk)


@org_view(Perm.HANDLE_DATA_REQUESTS)
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    data = services.subject_access_data(actor=request.user, person=_person(request, pk))  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-personne-{pk}.json"'
    return response


@org_view(Perm.HANDLE_DATA_REQUESTS)
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    data = services.subject_access_data(actor=request.user, person=_person(request, pk))  # type: ignore[arg-type]
    response = HttpResponse(services.subject_access_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="donnees-personne-{pk}.pdf"'
    return response


@org_view(Perm.HANDLE_DATA_REQUESTS)
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = ConfirmErasureForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.person_erase(actor=request.user, person=person)  # type: ignore[arg-type]
        messages.success(request, _("The person has been anonymised."))
        return redirect("privacy:index")
    return render(request, "privacy/erase.html", {"person": person, "form": form})


@org_view(Perm.HANDLE_DATA_REQUESTS)
def retention(request: HttpRequest) -> HttpResponse:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    policy = services.retention_policy_for(organisation)
    form = RetentionPolicyForm(posted(request), instance=policy)
    if request.method == "POST" and form.is_valid():
        before = {"request_months": policy.request_months, "followup_years": policy.followup_years}
        policy = form.save()
        audit_log(
            actor=request.user,
            action="privacy.retention.policy_changed",
            organisation=organisation,
            changes={"before": before, "after": form.cleaned_data},
        )
        messages.success(request, _("The retention policy has been saved."))
        return redirect("privacy:retention")
    plan = services.retention_plan(organisation=organisation)
    context = {
        "form": form,
        "requests": list(plan.requests.order_by("received_on")[:PLAN_PREVIEW]),
        "request_count": plan.requests.count(),
        "followups": list(plan.followups.order_by("closed_on")[:PLAN_PREVIEW]),
        "followup_count": plan.followups.count(),
        "participant_count": plan.participants.count(),
    }
    return render(request, "privacy/retention.html", context)


@require_POST
@org_view(Perm.HANDLE_DATA_REQUESTS)
def retention_apply(request: HttpRequest) -> HttpResponse:
    job = job_start(
        owner=request.user,  # type: ignore[arg-type]
        organisation=request.org.organisation,  # type: ignore[attr-defined]
        kind="privacy.retention",
        label=_("Retention policy"),
        params={},
    )
    return redirect("core:job", pk=job.pk)
