"""What is recorded inside a follow-up: interventions (the HTMX quick form, the older ones),
consents and referrals. Only who may open the follow-up in full gets here (casework.access)."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from maillage.casework import services
from maillage.casework.access import Access
from maillage.casework.forms import (
    INTERVENTION,
    ConsentWithdrawForm,
    InterventionForm,
    ReferralStatusForm,
    referral_status_prefix,
    withdraw_prefix,
)
from maillage.casework.models import Consent, FollowUp, Referral
from maillage.casework.queries import OLDER_INTERVENTIONS, intervention_page
from maillage.casework.rows import intervention_row_maker
from maillage.casework.views.followup import (
    BEFORE,
    FORMS,
    WORK,
    apply,
    fetch_full,
    followup_url,
    form_or_apply,
    form_page,
    log_read,
    older_url,
    render_followup,
)
from maillage.core.forms import add_service_errors, focus_first
from maillage.core.permissions import org_view
from maillage.core.rows import rows
from maillage.core.scoping import get_visible_or_404


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def intervention_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The quick form. Asked with GET: the form (its fragment, or its page without
    JavaScript). Posted through HTMX: the new row, a fresh form and a spoken confirmation, or
    the form with its errors; without JavaScript: back to the page."""
    followup = fetch_full(request, pk)
    if request.method != "POST":
        return form_page(request, followup, FORMS["intervention_form"])
    form = InterventionForm(request.POST, prefix=INTERVENTION)
    if form.is_valid():
        data = form.cleaned_data
        try:
            intervention = services.intervention_log(
                actor=request.user,  # type: ignore[arg-type]
                followup=followup,
                date=data["date"],
                duration_minutes=data["duration_minutes"],
                kind=data["kind"],
                present=data["present"],
                notes=data["notes"],
                form_token=data["form_token"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                fresh = InterventionForm(prefix=INTERVENTION, autofocus=True)
                context = {
                    "intervention": intervention,
                    "row": intervention_row_maker()(intervention),
                    "followup": followup,
                    "form": fresh,
                }
                return render(request, "casework/partials/intervention_created.html", context)
            messages.success(request, _("The intervention has been logged."))
            return redirect(followup_url(followup, "#interventions"))
    if request.htmx:  # type: ignore[attr-defined]
        response = render(
            request,
            "casework/partials/intervention_form.html",
            {"followup": followup, "form": focus_first(form)},
        )
        return reswap(retarget(response, "#intervention-form"), "outerHTML")
    return render_followup(request, followup, intervention_form=form)


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return form_or_apply(
        request,
        followup,
        "consent_form",
        action=lambda data: services.consent_record(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            shared_with=data["shared_with"],
            scope=data["scope"],
            given_on=data["given_on"],
        ),
        success=_("The consent has been recorded."),
    )


@require_POST
@org_view(WORK)
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_visible_or_404(Consent.objects.select_related("followup"), request.user, pk=pk)
    followup = _with_page_relations(consent.followup)
    return apply(
        request,
        followup,
        ConsentWithdrawForm(request.POST, prefix=withdraw_prefix(consent.pk)),
        form_name="withdraw_form",
        action=lambda data: services.consent_withdraw(
            actor=request.user,  # type: ignore[arg-type]
            consent=consent,
            withdrawn_on=data["withdrawn_on"],
        ),
        success=_("The consent has been withdrawn: nothing more is shared on its basis."),
        anchor="#consents",
    )


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return form_or_apply(
        request,
        followup,
        "referral_form",
        action=lambda data: services.referral_send(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            to_organisation=data["to_organisation"],
            note=data["note"],
            sent_on=data["sent_on"],
        ),
        success=_("The referral has been recorded."),
    )


@require_POST
@org_view(WORK)
def referral_status(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_visible_or_404(Referral.objects.select_related("followup"), request.user, pk=pk)
    followup = _with_page_relations(referral.followup)
    return apply(
        request,
        followup,
        ReferralStatusForm(
            request.POST, prefix=referral_status_prefix(referral.pk), current=referral.status
        ),
        form_name="referral_status_form",
        action=lambda data: services.referral_update_status(
            actor=request.user,  # type: ignore[arg-type]
            referral=referral,
            status=data["status"],
        ),
        success=_("The status of the referral has been changed."),
        anchor="#referrals",
    )


def _with_page_relations(followup: FollowUp) -> FollowUp:
    """The follow-up with what its page shows, to show it again with errors."""
    return FollowUp.objects.select_related("person", "request", "request__commune").get(
        pk=followup.pk
    )


_CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d{1,18})")


def _before(request: HttpRequest) -> tuple[date, int] | None:
    """Where the interventions shown end (`?avant=<date>.<pk>`). A mangled value shows the
    newest ones: a link of ours, not something a person types."""
    match = _CURSOR.fullmatch(request.GET.get(BEFORE, ""))
    if match is None:
        return None
    try:
        return date.fromisoformat(match[1]), int(match[2])
    except ValueError:
        return None


@require_GET
@org_view(WORK)
def intervention_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The older interventions of a follow-up, a page at a time: added to the follow-up
    page's list (HTMX, the first of them focused), or a page of their own without JavaScript."""
    followup = fetch_full(request, pk)
    log_read(request.user, followup, Access.FULL, "interventions")
    page = intervention_page(
        request.user, followup, before=_before(request), size=OLDER_INTERVENTIONS
    )
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    context = {
        "followup": followup,
        "interventions": rows(page.interventions, intervention_row_maker(focus_first=htmx)),
        "older_url": older_url(followup, page.older),
    }
    if htmx:
        return render(request, "casework/partials/older_interventions.html", context)
    return render(request, "casework/followup_interventions.html", context)
