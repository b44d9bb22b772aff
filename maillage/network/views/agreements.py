"""Agreements (conventions): the list with its renewal filter, the agreement's page with its
documents, the form. Party organisations read; the recording organisation writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import add_service_errors, posted
from maillage.core.models import Organisation
from maillage.core.permissions import org_view
from maillage.core.scoping import get_visible_or_404
from maillage.core.uploads import serve_upload
from maillage.network import queries, services
from maillage.network.forms import AgreementFilterForm, AgreementForm, DocumentsForm
from maillage.network.models import Agreement, AgreementDocument
from maillage.network.views.common import MANAGE, PAGE_SIZE, READ, can_manage, require_own


@org_view(READ)
def agreement_list(request: HttpRequest) -> HttpResponse:
    form = AgreementFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    rows = queries.agreement_rows(
        request.user,
        today=today,
        status=data.get("status") or "",
        renewal_due=bool(data.get("renewal")),
        text=data.get("q") or "",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "today": today}
    if request.htmx and request.htmx.target == "agreement-results":  # type: ignore[attr-defined]
        return render(request, "network/partials/agreement_results.html", context)
    return render(request, "network/agreement_list.html", context)


def _fetch(request: HttpRequest, pk: int) -> Agreement:
    return get_visible_or_404(queries.agreement_for_page(request.user), request.user, pk=pk)


def _render_detail(
    request: HttpRequest, agreement: Agreement, documents_form: DocumentsForm | None = None
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "network/agreement_detail.html",
        {
            "agreement": agreement,
            "can_manage": can_manage(request, agreement),
            "documents_form": documents_form or DocumentsForm(),
            "renewal_due": Agreement.objects.filter(pk=agreement.pk).renewal_due(today).exists(),
        },
        status=400 if documents_form is not None else 200,
    )


@org_view(READ)
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _fetch(request, pk))


def _form(request: HttpRequest, agreement: Agreement | None) -> AgreementForm:
    org = request.org.organisation  # type: ignore[attr-defined]
    return AgreementForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        instance=agreement,
        parties=Organisation.objects.filter(is_active=True).exclude(pk=org.pk),
    )


@org_view(MANAGE)
def agreement_create(request: HttpRequest) -> HttpResponse:
    form = _form(request, None)
    if form.is_bound and form.is_valid():
        try:
            agreement = services.agreement_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agreement has been recorded."))
            return redirect(agreement)
    return render(request, "network/agreement_form.html", {"form": form, "agreement": None})


@org_view(MANAGE)
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _fetch(request, pk)
    require_own(request, agreement)
    form = _form(request, agreement)
    if form.is_bound and form.is_valid():
        try:
            services.agreement_update(
                actor=request.user,  # type: ignore[arg-type]
                agreement=agreement,
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agreement has been saved."))
            return redirect(agreement)
    return render(request, "network/agreement_form.html", {"form": form, "agreement": agreement})


@require_POST
@org_view(MANAGE)
def agreement_documents_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _fetch(request, pk)
    require_own(request, agreement)
    form = DocumentsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agreement_add_documents(
                actor=request.user,  # type: ignore[arg-type]
                agreement=agreement,
                files=form.cleaned_data["documents"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The documents have been added."))
            return redirect(agreement.get_absolute_url() + "#documents")
    return _render_detail(request, agreement, form)


@org_view(READ)
def agreement_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(AgreementDocument, request.user, pk=pk)
    audit_log(
        actor=request.user,
        action="network.agreement.document_downloaded",
        kind=AuditKind.READ,
        target=document,
    )
    return serve_upload(document)


@require_POST
@org_view(MANAGE)
def agreement_document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(
        AgreementDocument.objects.select_related("agreement"), request.user, pk=pk
    )
    require_own(request, document.agreement)
    services.agreement_document_delete(actor=request.user, document=document)  # type: ignore[arg-type]
    messages.success(request, _("The document has been deleted."))
    return redirect(document.agreement.get_absolute_url() + "#documents")
