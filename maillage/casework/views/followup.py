"""The follow-up page and the actions on the follow-up itself (next step, status, workers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.casework import services
from maillage.casework.access import Access, followup_access
from maillage.casework.forms import (
    ASSIGN,
    CLOSE,
    CONSENT,
    INTERVENTION,
    NEXT_STEP,
    REFERRAL,
    AssignForm,
    CloseForm,
    ConsentForm,
    ConsentWithdrawForm,
    InterventionForm,
    NextStepForm,
    ReferralForm,
    ReferralStatusForm,
    UnassignForm,
    VersionForm,
    referral_status_prefix,
    withdraw_prefix,
)
from maillage.casework.models import FollowUp
from maillage.casework.queries import due_state, followup_file
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import add_service_errors
from maillage.core.links import links_for
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

WORK = Perm.WORK_WITH_YOUNG_PEOPLE


def fetch_followup(request: HttpRequest, pk: int) -> FollowUp:
    """A follow-up whose existence the user may see, or 404."""
    return get_visible_or_404(
        FollowUp.objects.select_related("person", "request", "request__commune"),
        request.user,
        pk=pk,
    )


def fetch_full(request: HttpRequest, pk: int) -> FollowUp:
    """A follow-up the user may read and change: 404 if unseen, 403 if existence only."""
    followup = fetch_followup(request, pk)
    if followup_access(request.user, followup) != Access.FULL:
        raise PermissionDenied
    return followup


def followup_url(followup: FollowUp, anchor: str = "") -> str:
    return reverse("casework:followup", kwargs={"pk": followup.pk}) + anchor


def _page_forms(followup: FollowUp) -> dict[str, forms.Form]:
    version = {"version": followup.version}
    return {
        "next_step_form": NextStepForm(
            prefix=NEXT_STEP,
            initial={
                **version,
                "next_step": followup.next_step,
                "next_step_due": followup.next_step_due,
            },
        ),
        "close_form": CloseForm(prefix=CLOSE, initial=version),
        "assign_form": AssignForm(prefix=ASSIGN, followup=followup, initial=version),
        "intervention_form": InterventionForm(prefix=INTERVENTION),
        "consent_form": ConsentForm(prefix=CONSENT, followup=followup),
        "referral_form": ReferralForm(prefix=REFERRAL, followup=followup),
    }


def render_followup(request: HttpRequest, followup: FollowUp, **bound: Any) -> HttpResponse:
    """Show the follow-up as much as the user may see it; every display is in the access log.

    `bound` replaces a form of the page by the one posted with errors.
    """
    user = request.user
    access = followup_access(user, followup)
    if access == Access.NONE:
        raise Http404
    existence = access == Access.EXISTENCE
    audit_log(
        actor=user,
        action="casework.followup.viewed",
        kind=AuditKind.READ,
        target=followup,
        changes={"access": "existence" if existence else "full"},
    )
    if existence:
        assignments = followup.assignments.select_related("worker").order_by("pk")
        return render(
            request,
            "casework/followup_existence.html",
            {"followup": followup, "assignments": assignments},
        )
    file = followup_file(user, followup)
    withdraw = bound.pop("withdraw_form", None)
    for consent in file.consents:
        prefix = withdraw_prefix(consent.pk)
        consent.withdraw_form = (  # type: ignore[attr-defined]
            withdraw
            if withdraw and withdraw.prefix == prefix
            else ConsentWithdrawForm(prefix=prefix)
        )
    status = bound.pop("referral_status_form", None)
    for referral in file.referrals:
        prefix = referral_status_prefix(referral.pk)
        referral.status_form = (  # type: ignore[attr-defined]
            status
            if status and status.prefix == prefix
            else ReferralStatusForm(prefix=prefix, current=referral.status)
        )
    context = {
        "followup": followup,
        "file": file,
        "due_state": due_state(followup.next_step_due),
        "links": links_for("casework.followup", request, followup),
        **_page_forms(followup),
        **bound,
    }
    return render(request, "casework/followup_detail.html", context)


def apply(
    request: HttpRequest,
    followup: FollowUp,
    form: forms.Form,
    *,
    form_name: str,
    action: Callable[[dict[str, Any]], Any],
    success: str,
    anchor: str = "",
    done_url: Callable[[], str] | None = None,
) -> HttpResponse:
    """Run a service with a posted form. A stale form goes back to the fresh page with a
    message; other errors show at their fields on the page."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            if getattr(exc, "code", None) not in {"stale", "closed"} or not form_name:
                add_service_errors(form, exc)
            else:
                messages.error(request, exc.messages[0])
                return redirect(followup_url(followup, anchor))
        else:
            messages.success(request, success)
            return redirect(done_url() if done_url else followup_url(followup, anchor))
    if not form_name:  # a button only: say why on the page it came from
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(followup_url(followup, anchor))
    return render_followup(request, followup, **{form_name: form})


@org_view(WORK)
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_followup(request, fetch_followup(request, pk))


@require_POST
@org_view(WORK)
def followup_next_step(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return apply(
        request,
        followup,
        NextStepForm(request.POST, prefix=NEXT_STEP),
        form_name="next_step_form",
        action=lambda data: services.followup_update_next_step(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            next_step=data["next_step"],
            next_step_due=data["next_step_due"],
            version=data["version"],
        ),
        success=_("The next step has been saved."),
        anchor="#next-step",
    )


def _state_change(
    request: HttpRequest, pk: int, service: Callable[..., FollowUp], success: str
) -> HttpResponse:
    followup = fetch_full(request, pk)
    return apply(
        request,
        followup,
        VersionForm(request.POST),
        form_name="",
        action=lambda data: service(actor=request.user, followup=followup, version=data["version"]),
        success=success,
        anchor="#status",
    )


@require_POST
@org_view(WORK)
def followup_pause(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.followup_pause, _("The follow-up is paused."))


@require_POST
@org_view(WORK)
def followup_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.followup_resume, _("The follow-up is resumed."))


@require_POST
@org_view(WORK)
def followup_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.followup_reopen, _("The follow-up is reopened."))


@require_POST
@org_view(WORK)
def followup_close(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return apply(
        request,
        followup,
        CloseForm(request.POST, prefix=CLOSE),
        form_name="close_form",
        action=lambda data: services.followup_close(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            closed_on=data["closed_on"],
            reason=data["reason"],
            outcome=data["outcome"],
            version=data["version"],
        ),
        success=_("The follow-up is closed."),
        anchor="#status",
    )


@require_POST
@org_view(WORK)
def followup_assign(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return apply(
        request,
        followup,
        AssignForm(request.POST, prefix=ASSIGN, followup=followup),
        form_name="assign_form",
        action=lambda data: services.followup_assign(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            worker=data["worker"],
            version=data["version"],
        ),
        success=_("The worker has been added."),
        anchor="#workers",
    )


@require_POST
@org_view(WORK)
def followup_unassign(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return apply(
        request,
        followup,
        UnassignForm(request.POST),
        form_name="",
        action=lambda data: services.followup_unassign(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            worker=data["worker"],
            version=data["version"],
        ),
        success=_("The worker has been removed from the follow-up."),
        anchor="#workers",
        # Who removes themselves can no longer open the follow-up.
        done_url=lambda: (
            followup_url(followup, "#workers")
            if followup_access(request.user, followup) == Access.FULL
            else reverse("casework:caseload")
        ),
    )
