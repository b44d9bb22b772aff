"""The follow-up page and the actions on the follow-up itself (next step, status, workers);
the forms of the page, folded and loaded when opened (PageForm)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

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
from maillage.casework.models import FollowUp, Status
from maillage.casework.queries import due_state, followup_file
from maillage.casework.rows import intervention_row_maker
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import add_service_errors, focus_first
from maillage.core.fragments import Folded
from maillage.core.links import links_for
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.rows import rows
from maillage.core.scoping import get_visible_or_404

WORK = Perm.WORK_WITH_YOUNG_PEOPLE
# The query parameter of the older interventions: where the shown ones end (date.pk).
BEFORE = "avant"


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


def _version(followup: FollowUp) -> dict[str, Any]:
    return {"version": followup.version}


@dataclass(frozen=True)
class PageForm:
    """A form of the follow-up page. The page shows it folded (`<details>`) and loads it when
    opened, as a fragment (HTMX); without JavaScript the `<details>` holds a link to the form
    on a page of its own: the URL the form posts to, asked with GET. Posted with errors, it is
    shown open at its place on the page. Building the six forms on every display cost the
    page a third of its time and three queries (issue 18)."""

    key: str  # its name in render_followup(**bound)
    url_name: str
    summary: Any  # the `<summary>`, and the title of its page
    submit: Any
    anchor: str  # where the page goes back to
    build: Callable[[FollowUp, QueryDict | None], forms.Form]
    intro: Any = ""
    button: str = ""  # the submit button's class
    when_closed: bool = False  # offered on a closed follow-up too
    template: str = "casework/partials/page_form.html"

    def url(self, followup: FollowUp) -> str:
        return reverse(f"casework:{self.url_name}", kwargs={"pk": followup.pk})

    def offered(self, followup: FollowUp) -> bool:
        return self.when_closed or followup.status != Status.CLOSED


PAGE_FORMS = [
    PageForm(
        key="next_step_form",
        url_name="followup_next_step",
        summary=gettext_lazy("Change the next step"),
        submit=gettext_lazy("Save the next step"),
        anchor="#next-step",
        build=lambda followup, data: NextStepForm(
            data,
            prefix=NEXT_STEP,
            initial={
                **_version(followup),
                "next_step": followup.next_step,
                "next_step_due": followup.next_step_due,
            },
        ),
    ),
    PageForm(
        key="intervention_form",
        url_name="intervention_create",
        summary=gettext_lazy("Log an intervention"),
        submit=gettext_lazy("Log the intervention"),
        anchor="#interventions",
        build=lambda followup, data: InterventionForm(data, prefix=INTERVENTION),
        template="casework/partials/intervention_form.html",
    ),
    PageForm(
        key="assign_form",
        url_name="followup_assign",
        summary=gettext_lazy("Add a worker"),
        submit=gettext_lazy("Add"),
        anchor="#workers",
        build=lambda followup, data: AssignForm(
            data, prefix=ASSIGN, followup=followup, initial=_version(followup)
        ),
        when_closed=True,
    ),
    PageForm(
        key="consent_form",
        url_name="consent_create",
        summary=gettext_lazy("Record a consent"),
        submit=gettext_lazy("Record the consent"),
        anchor="#consents",
        build=lambda followup, data: ConsentForm(data, prefix=CONSENT, followup=followup),
    ),
    PageForm(
        key="referral_form",
        url_name="referral_create",
        summary=gettext_lazy("Refer to another service"),
        submit=gettext_lazy("Record the referral"),
        anchor="#referrals",
        build=lambda followup, data: ReferralForm(data, prefix=REFERRAL, followup=followup),
    ),
    PageForm(
        key="close_form",
        url_name="followup_close",
        summary=gettext_lazy("Close the follow-up"),
        submit=gettext_lazy("Close the follow-up"),
        anchor="#status",
        build=lambda followup, data: CloseForm(data, prefix=CLOSE, initial=_version(followup)),
        intro=gettext_lazy("The young person or their family may end the help at any time."),
        button="danger",
    ),
]
FORMS = {form.key: form for form in PAGE_FORMS}


def _form_context(followup: FollowUp, spec: PageForm, form: forms.Form) -> dict[str, Any]:
    return {"followup": followup, "spec": spec, "action": spec.url(followup), "form": form}


def _folded(
    request: HttpRequest, followup: FollowUp, spec: PageForm, bound: forms.Form | None
) -> Folded:
    """The form's `<details>` on the page: loaded when opened, or open with its errors."""
    content = None
    if bound is not None:
        context = _form_context(followup, spec, focus_first(bound))
        content = mark_safe(render_to_string(spec.template, context, request))  # noqa: S308
    return Folded(summary=spec.summary, url=spec.url(followup), content=content)


def log_read(user: Any, followup: FollowUp, access: Access, part: str = "") -> None:
    """Every display of a follow-up, whole or in part, is in the access log: one INSERT,
    committed (autocommit) before the response leaves."""
    changes = {"access": "full" if access == Access.FULL else "existence"}
    if part:
        changes["part"] = part
    audit_log(
        actor=user,
        action="casework.followup.viewed",
        kind=AuditKind.READ,
        target=followup,
        changes=changes,
    )


def form_page(request: HttpRequest, followup: FollowUp, spec: PageForm) -> HttpResponse:
    """One form of the page, asked with GET: the fragment its `<details>` loads (HTMX), or a
    page of its own without JavaScript. The caller checked full access."""
    log_read(request.user, followup, Access.FULL, spec.key)
    context = _form_context(followup, spec, focus_first(spec.build(followup, None)))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, spec.template, context)
    context["standalone"] = True
    return render(request, "casework/followup_form.html", context)


def older_url(followup: FollowUp, older: tuple[date, int] | None) -> str:
    if older is None:
        return ""
    on, pk = older
    url = reverse("casework:intervention_list", kwargs={"pk": followup.pk})
    return f"{url}?{BEFORE}={on.isoformat()}.{pk}"


def render_followup(request: HttpRequest, followup: FollowUp, **bound: Any) -> HttpResponse:
    """Show the follow-up as much as the user may see it; every display is in the access log.

    `bound` replaces a form of the page by the one posted with errors.
    """
    user = request.user
    access = followup_access(user, followup)
    if access == Access.NONE:
        raise Http404
    log_read(user, followup, access)
    if access == Access.EXISTENCE:
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
        "folded": {
            spec.key: _folded(request, followup, spec, bound.get(spec.key))
            for spec in PAGE_FORMS
            if spec.offered(followup)
        },
        "interventions": rows(file.interventions.interventions, intervention_row_maker()),
        "older_url": older_url(followup, file.interventions.older),
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


def form_or_apply(
    request: HttpRequest,
    followup: FollowUp,
    key: str,
    *,
    action: Callable[[dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """A form of the page at its URL: shown on GET (form_page), run on POST (apply)."""
    spec = FORMS[key]
    if request.method != "POST":
        return form_page(request, followup, spec)
    form = spec.build(followup, request.POST)
    return apply(
        request, followup, form, form_name=key, action=action, success=success, anchor=spec.anchor
    )


@org_view(WORK)
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_followup(request, fetch_followup(request, pk))


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def followup_next_step(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return form_or_apply(
        request,
        followup,
        "next_step_form",
        action=lambda data: services.followup_update_next_step(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            next_step=data["next_step"],
            next_step_due=data["next_step_due"],
            version=data["version"],
        ),
        success=_("The next step has been saved."),
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


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def followup_close(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return form_or_apply(
        request,
        followup,
        "close_form",
        action=lambda data: services.followup_close(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            closed_on=data["closed_on"],
            reason=data["reason"],
            outcome=data["outcome"],
            version=data["version"],
        ),
        success=_("The follow-up is closed."),
    )


@require_http_methods(["GET", "POST"])
@org_view(WORK)
def followup_assign(request: HttpRequest, pk: int) -> HttpResponse:
    followup = fetch_full(request, pk)
    return form_or_apply(
        request,
        followup,
        "assign_form",
        action=lambda data: services.followup_assign(
            actor=request.user,  # type: ignore[arg-type]
            followup=followup,
            worker=data["worker"],
            version=data["version"],
        ),
        success=_("The worker has been added."),
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
