"""My caseload, the requests waiting for a follow-up, and a person's follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maillage.casework import services
from maillage.casework.access import has_oversight
from maillage.casework.forms import FollowUpOpenForm
from maillage.casework.models import Request
from maillage.casework.queries import (
    caseload as caseload_rows,
)
from maillage.casework.queries import (
    pending_requests,
    person_followups,
    person_pending_requests,
    team_followups,
)
from maillage.casework.rows import caseload_row_maker, team_row_maker
from maillage.casework.views.followup import WORK, followup_url
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import add_service_errors
from maillage.core.permissions import org_view
from maillage.core.rows import rows as html_rows
from maillage.core.scoping import get_visible_or_404
from maillage.people.models import Person

TEAM_PAGE_SIZE = 50
REQUESTS_PAGE_SIZE = 50


@org_view(WORK)
def caseload(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = caseload_rows(user)
    oversight = has_oversight(user)
    team = (
        Paginator(team_followups(user), TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
        if oversight
        else None
    )
    # Next steps of several follow-ups are read here: one event for the page.
    audit_log(
        actor=user,
        action="casework.caseload.viewed",
        kind=AuditKind.READ,
        organisation=request.org.organisation,  # type: ignore[attr-defined]
        changes={"followups": len(rows)},
    )
    return render(
        request,
        "casework/caseload.html",
        {
            "rows": rows,
            "rows_html": html_rows(rows, caseload_row_maker()),
            "team": team,
            "team_html": html_rows(team, team_row_maker()) if team else "",
            "oversight": oversight,
        },
    )


@org_view(WORK)
def request_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(pending_requests(request.user), REQUESTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/request_list.html", {"page": page})


@org_view(WORK)
def followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the follow-up of a request recorded earlier."""
    help_request = get_visible_or_404(
        Request.objects.select_related("person").filter(followup__isnull=True),
        request.user,
        pk=pk,
    )
    form = FollowUpOpenForm(
        request.POST if request.method == "POST" else None,
        organisation_id=help_request.organisation_id,
        user=request.user,  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        try:
            followup = services.followup_open(
                actor=request.user,  # type: ignore[arg-type]
                request=help_request,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The follow-up is open."))
            return redirect(followup_url(followup))
    return render(
        request, "casework/followup_create.html", {"help_request": help_request, "form": form}
    )


@org_view(WORK)
def person_casework(request: HttpRequest, pk: int) -> HttpResponse:
    """The follow-ups and waiting requests of one person, as the user may know of them: a
    fragment for the person's page (HTMX), or a small page without JavaScript."""
    person = get_visible_or_404(Person, request.user, pk=pk)
    context = {
        "person": person,
        "followups": person_followups(request.user, person),
        "pending": person_pending_requests(request.user, person),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "casework/partials/person_casework.html", context)
    return render(request, "casework/person_casework.html", context)
