"""The team's pages of the job offers and the applications received.

Applications hold personal data: only those who manage the organisation read them
(`MANAGE_ORGANISATION`), each CV download is written in the audit log as a read, and they
are deleted after `MAILLAGE_APPLICATION_RETENTION_DAYS` (see `services.applications_purge`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.core.uploads import serve_upload
from maillage.website import queries, services
from maillage.website.forms import JobOfferForm
from maillage.website.models import JobApplication, JobOffer

MANAGE = Perm.MANAGE_ORGANISATION


def _offer(request: HttpRequest, pk: int) -> JobOffer:
    return get_visible_or_404(JobOffer.objects.select_related("organisation"), request.user, pk=pk)


@org_view(MANAGE)
def job_list(request: HttpRequest) -> HttpResponse:
    offers = list(queries.team_offers(request.user))
    spontaneous = queries.team_applications(request.user, None).count()
    return render(
        request, "website/team/job_list.html", {"offers": offers, "spontaneous": spontaneous}
    )


def _save_offer(request: HttpRequest, offer: JobOffer | None) -> HttpResponse:
    form = JobOfferForm(posted(request), instance=offer)
    if form.is_bound and form.is_valid():
        values = {field: form.cleaned_data.get(field) for field in services.JOB_FIELDS}
        try:
            if offer is None:
                offer = services.job_offer_create(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=request.org.organisation,  # type: ignore[attr-defined]
                    **values,
                )
                messages.success(request, _("The job offer has been saved as a draft."))
            else:
                services.job_offer_update(
                    actor=request.user,  # type: ignore[arg-type]
                    offer=offer,
                    **values,
                )
                messages.success(request, _("The job offer has been saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)  # type: ignore[arg-type]
        else:
            return redirect("website:team_job", pk=offer.pk)
    return render(request, "website/team/job_form.html", {"form": form, "offer": offer})


@org_view(MANAGE)
def job_create(request: HttpRequest) -> HttpResponse:
    return _save_offer(request, None)


@org_view(MANAGE)
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_offer(request, _offer(request, pk))


@org_view(MANAGE)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    applications = list(queries.team_applications(request.user, offer))
    return render(
        request,
        "website/team/job_detail.html",
        {
            "offer": offer,
            "applications": applications,
            "is_open": offer.is_open(),
            "retention_days": settings.MAILLAGE_APPLICATION_RETENTION_DAYS,
        },
    )


@require_POST
@org_view(MANAGE)
def job_publish(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    try:
        services.job_offer_publish(actor=request.user, offer=offer)  # type: ignore[arg-type]
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("The job offer is published."))
    return redirect("website:team_job", pk=offer.pk)


@require_POST
@org_view(MANAGE)
def job_close(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    services.job_offer_close(actor=request.user, offer=offer)  # type: ignore[arg-type]
    messages.success(request, _("The job offer is closed: it no longer takes applications."))
    return redirect("website:team_job", pk=offer.pk)


@require_POST
@org_view(MANAGE)
def job_delete(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    services.job_offer_delete(actor=request.user, offer=offer)  # type: ignore[arg-type]
    messages.success(request, _("The job offer and its applications have been deleted."))
    return redirect("website:team_jobs")


@org_view(MANAGE)
def spontaneous(request: HttpRequest) -> HttpResponse:
    applications = list(queries.team_applications(request.user, None))
    return render(
        request,
        "website/team/spontaneous.html",
        {
            "applications": applications,
            "retention_days": settings.MAILLAGE_APPLICATION_RETENTION_DAYS,
        },
    )


def _application(request: HttpRequest, pk: int) -> JobApplication:
    return get_visible_or_404(JobApplication.objects.select_related("offer"), request.user, pk=pk)


@org_view(MANAGE)  # type: ignore[arg-type]
def application_cv(request: HttpRequest, pk: int) -> FileResponse:
    application = _application(request, pk)
    response = serve_upload(application)
    audit_log(
        actor=request.user,
        action="website.application.cv_read",
        kind=AuditKind.READ,
        target=application,
    )
    return response


@require_POST
@org_view(MANAGE)
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    offer_id = application.offer_id
    services.application_delete(actor=request.user, application=application)  # type: ignore[arg-type]
    messages.success(request, _("The application and its CV have been deleted."))
    if offer_id is not None:
        return redirect("website:team_job", pk=offer_id)
    return redirect("website:team_spontaneous")
