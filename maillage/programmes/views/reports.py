"""Period reports: the organisation's list, asking for a report, its page (figures inline,
narratives per section, files to download) and making its files again.

Reading a report needs only the permission to see anonymised statistics: its figures went
through the statistics layer, so aldermen and funders who view statistics may read them.
Asking for a report, writing its narratives and making its files again speak for the
organisation to its funders: they need `Perm.MANAGE_NETWORK`, which the coordinators,
directors, programme coordinators and administrators hold (`MANAGE_ORGANISATION` would leave
out the programme coordinators, whose work this is). Reports are seen only by their own
organisation: anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import add_service_errors, posted
from maillage.core.jobs import private_path
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.programmes import reports
from maillage.programmes.forms_reports import NarrativeForm, ReportForm
from maillage.programmes.models import Report, ReportStatus
from maillage.programmes.report_data import section_keys, section_title
from maillage.programmes.report_files import FORMATS, html_body

VIEW = Perm.VIEW_STATISTICS
MANAGE = Perm.MANAGE_NETWORK
DOWNLOADS = ("pdf", "xlsx")


def _report(request: HttpRequest, pk: int) -> Report:
    queryset = Report.objects.select_related("programme", "job", "organisation")
    return get_visible_or_404(queryset, request.user, pk=pk)


@org_view(VIEW)
def report_list(request: HttpRequest) -> HttpResponse:
    rows = Report.objects.visible_to(request.user).select_related("programme")
    context = {"reports": list(rows), "can_manage": request.org.has(MANAGE)}  # type: ignore[attr-defined]
    return render(request, "programmes/report_list.html", context)


@org_view(MANAGE)
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(posted(request), user=request.user)
    if form.is_bound and form.is_valid():
        try:
            report = reports.report_request(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            assert report.job is not None
            return redirect("core:job", pk=report.job.pk)
    return render(request, "programmes/report_form.html", {"form": form})


def _narrative_forms(report: Report, bound: dict[str, NarrativeForm]) -> list[dict[str, Any]]:
    texts = dict(report.narratives.values_list("section", "text"))
    forms = []
    for key in section_keys():
        form = bound.get(key) or NarrativeForm(prefix=key, initial={"text": texts.get(key, "")})
        form.fields["text"].label = section_title(key)
        forms.append({"key": key, "title": section_title(key), "form": form})
    return forms


def _document(report: Report) -> Any:
    if report.status != ReportStatus.READY or not report.html_file:
        return ""
    path = private_path(report.html_file)
    if not path.exists():
        return ""
    return html_body(path.read_text(encoding="utf-8"))


def render_report(
    request: HttpRequest, report: Report, bound: dict[str, NarrativeForm] | None = None
) -> HttpResponse:
    job = report.job
    context = {
        "report": report,
        "document": _document(report),
        "narratives": _narrative_forms(report, bound or {}),
        "can_manage": request.org.has(MANAGE),  # type: ignore[attr-defined]
        # The job's progress polls a page only its owner may open.
        "job": job if job is not None and job.owner_id == request.user.pk else None,
        "downloads": DOWNLOADS,
    }
    return render(request, "programmes/report_detail.html", context)


@org_view(VIEW)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_report(request, _report(request, pk))


@require_POST
@org_view(MANAGE)
def report_narrative(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    report = _report(request, pk)
    if section not in section_keys():
        raise Http404
    form = NarrativeForm(request.POST, prefix=section)
    if form.is_valid():
        try:
            reports.narrative_save(
                actor=request.user,  # type: ignore[arg-type]
                report=report,
                section=section,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The narrative has been saved. Make the files again to include it."),
            )
            return redirect(report.get_absolute_url() + f"#narrative-{section}")
    return render_report(request, report, {section: form})


@require_POST
@org_view(MANAGE)
def report_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    job = reports.report_regenerate(actor=request.user, report=report)  # type: ignore[arg-type]
    return redirect("core:job", pk=job.pk)


@org_view(VIEW)
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    if fmt not in DOWNLOADS:
        raise Http404
    relative = report.pdf_file if fmt == "pdf" else report.xlsx_file
    if report.status != ReportStatus.READY or not relative:
        raise Http404
    path = private_path(relative)
    if not path.exists():
        raise Http404
    audit_log(
        actor=request.user,
        action="programmes.report.downloaded",
        kind=AuditKind.READ,
        target=report,
        changes={"format": fmt},
    )
    content_type, extension = FORMATS[fmt]
    # A report's files are small (a few hundred kilobytes): read at once.
    response = HttpResponse(path.read_bytes(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rapport-{report.pk}.{extension}"'
    return response
