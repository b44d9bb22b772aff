from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.audit import audit_log
from maillage.core.forms import add_service_errors, posted
from maillage.core.jobs import job_start
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.people.models import Person
from maillage.people.queries import person_search
from maillage.privacy import contacts, services
from maillage.privacy.contacts import ContactHoldings
from maillage.privacy.forms import (
    ConfirmErasureForm,
    ContactEraseForm,
    ContactSearchForm,
    PersonSearchForm,
    RetentionPolicyForm,
)

PLAN_PREVIEW = 50


@org_view(Perm.HANDLE_DATA_REQUESTS)
def index(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    persons: list[Person] = []
    if form.is_valid():
        found = person_search(request.user, form.cleaned_data["q"], scope="findable_by")
        persons = list(found[:50])
    context = {"form": form, "persons": persons, "contact_form": ContactSearchForm()}
    return render(request, "privacy/index.html", context)


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
    # Read before validation: a valid ModelForm has already written into `policy`.
    before = {name: getattr(policy, name) for name in RetentionPolicyForm.Meta.fields}
    form = RetentionPolicyForm(posted(request), instance=policy)
    if request.method == "POST" and form.is_valid():
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
        "pupil_count": plan.pupils.count(),
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


# Subscribers and applicants, known by an e-mail address only. The address travels in POSTed
# forms, never in a URL: it stays out of access logs, browser history and Referer headers.


def _holdings(request: HttpRequest, form: ContactSearchForm) -> ContactHoldings | None:
    """What is held for the posted address, or None with the mistake put on `form`."""
    if not form.is_valid():
        return None
    try:
        return contacts.contact_holdings(request.user, form.cleaned_data["email"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _contacts_page(
    request: HttpRequest, form: ContactSearchForm, holdings: ContactHoldings | None
) -> HttpResponse:
    return render(request, "privacy/contacts.html", {"form": form, "holdings": holdings})


@org_view(Perm.HANDLE_DATA_REQUESTS)
def contact_search(request: HttpRequest) -> HttpResponse:
    form = ContactSearchForm(posted(request))
    holdings = _holdings(request, form) if request.method == "POST" else None
    return _contacts_page(request, form, holdings)


@require_POST
@org_view(Perm.HANDLE_DATA_REQUESTS)
def contact_export(request: HttpRequest) -> HttpResponse:
    form = ContactSearchForm(request.POST)
    holdings = _holdings(request, form)
    if holdings is None:
        return _contacts_page(request, form, None)
    data = contacts.contact_export(actor=request.user, email=holdings.email)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    # Never the address in the file name: downloads folders are listed and synchronised.
    response["Content-Disposition"] = 'attachment; filename="donnees-contact.json"'
    return response


@require_POST
@org_view(Perm.HANDLE_DATA_REQUESTS)
def contact_erase(request: HttpRequest) -> HttpResponse:
    search = ContactSearchForm(request.POST)
    holdings = _holdings(request, search)
    if holdings is None or holdings.is_empty:
        return _contacts_page(request, search, holdings)
    # From the results page the button only names the address: ask for the confirmation.
    if "confirming" not in request.POST:
        form = ContactEraseForm(initial={"email": holdings.email})
    else:
        form = ContactEraseForm(request.POST)
        if form.is_valid():
            counts = contacts.contact_erase(actor=request.user, email=holdings.email)  # type: ignore[arg-type]
            messages.success(
                request,
                _(
                    "The data held for this address has been erased: %(subscriptions)s "
                    "subscription(s), %(applications)s application(s)."
                )
                % counts,
            )
            return redirect("privacy:contacts")
    return render(request, "privacy/contact_erase.html", {"holdings": holdings, "form": form})
