from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core import services
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.audit_queries import audit_search
from maillage.core.dashboards import dashboard_for
from maillage.core.forms import (
    AuditSearchForm,
    MemberInviteForm,
    MemberRoleForm,
    OrganisationForm,
    posted,
)
from maillage.core.jobs import job_expire_stale, job_start, private_path
from maillage.core.middleware import ORG_SESSION_KEY
from maillage.core.models import Job, JobStatus, Membership
from maillage.core.permissions import account_view, org_view
from maillage.core.queries import own_memberships, team_members
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404


@org_view(None)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"dashboard": dashboard_for(request)})


@require_POST
@org_view(None)
def organisation_switch(request: HttpRequest) -> HttpResponse:
    try:
        organisation = services.organisation_switch(
            user=request.user,  # type: ignore[arg-type]
            context=request.org,  # type: ignore[attr-defined]
            organisation_id=request.POST.get("organisation", ""),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("core:home")
    request.session[ORG_SESSION_KEY] = organisation.pk
    messages.success(request, _("You are now working for %(name)s.") % {"name": organisation})
    # Objects of the previous organisation are out of scope now: go home, not back.
    return redirect("core:home")


@account_view
def account(request: HttpRequest) -> HttpResponse:
    memberships = own_memberships(request.user)
    return render(request, "core/account.html", {"memberships": memberships})


@org_view(Perm.VIEW_TEAM)
def team(request: HttpRequest) -> HttpResponse:
    return render(request, "core/team.html", {"members": team_members(request.user)})


@org_view(Perm.MANAGE_MEMBERS)
def member_invite(request: HttpRequest) -> HttpResponse:
    form = MemberInviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_invite(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("core:team")
    return render(request, "core/member_invite.html", {"form": form})


@org_view(Perm.MANAGE_MEMBERS)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_visible_or_404(
        Membership.objects.select_related("user").filter(is_active=True), request.user, pk=pk
    )
    form = MemberRoleForm(posted(request), initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                actor=request.user,  # type: ignore[arg-type]
                membership=membership,
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The role has been changed."))
            return redirect("core:team")
    return render(request, "core/member_edit.html", {"membership": membership, "form": form})


@require_POST
@org_view(Perm.MANAGE_MEMBERS)
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_visible_or_404(Membership.objects.filter(is_active=True), request.user, pk=pk)
    try:
        services.membership_end(actor=request.user, membership=membership)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("%(person)s no longer has this role.") % {"person": membership.user}
        )
    return redirect("core:team")


@org_view(Perm.MANAGE_ORGANISATION)
def organisation_edit(request: HttpRequest) -> HttpResponse:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    form = OrganisationForm(posted(request), instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            actor=request.user,  # type: ignore[arg-type]
            organisation=organisation,
            data=form.cleaned_data,
        )
        messages.success(request, _("The organisation has been updated."))
        return redirect("core:home")
    return render(request, "core/organisation_edit.html", {"form": form})


@org_view(Perm.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    filters = form.as_params() if form.is_valid() else {}
    page = Paginator(audit_search(request.user, filters), 50).get_page(request.GET.get("page"))
    # Looking at who looked is itself recorded.
    audit_log(
        actor=request.user,
        action="core.audit.searched",
        kind=AuditKind.READ,
        changes=filters,
        organisation=request.org.organisation,  # type: ignore[attr-defined]
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "filters": filters, "page": page, "query": query.urlencode()},
    )


@require_POST
@org_view(Perm.VIEW_AUDIT)
def audit_export(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The search filters are not valid."))
        return redirect("core:audit")
    job = job_start(
        owner=request.user,  # type: ignore[arg-type]
        organisation=request.org.organisation,  # type: ignore[attr-defined]
        kind="core.audit_export",
        label=_("Export of the audit log"),
        params=form.as_params(),
    )
    audit_log(
        actor=request.user, action="core.audit.exported", target=job, changes=form.as_params()
    )
    return redirect("core:job", pk=job.pk)


@org_view(None)
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    # The page polls: a job whose worker died must show as failed, not run for ever.
    job_expire_stale()
    job = get_visible_or_404(Job, request.user, pk=pk)
    following = job.status == JobStatus.DONE and job.params.get("next")
    if request.htmx:  # type: ignore[attr-defined]
        if following:
            # A job that leads to a page (an import's preview) takes the user there.
            return HttpResponse(headers={"HX-Redirect": job.params["next"]})
        return render(request, "core/partials/job_progress.html", {"job": job})
    return render(request, "core/job_detail.html", {"job": job})


@org_view(None)
def job_download(request: HttpRequest, pk: str) -> HttpResponse:
    job = get_visible_or_404(Job, request.user, pk=pk)
    if not job.result_file:
        raise Http404
    audit_log(actor=request.user, action="core.job.downloaded", kind=AuditKind.READ, target=job)
    return FileResponse(
        private_path(job.result_file).open("rb"),
        as_attachment=True,
        filename=f"maillage-{job.kind.replace('.', '-')}-{job.created_at:%Y%m%d-%H%M}.csv",
    )
