"""Registrations by the team: registering a known young person, a registration's page with
its payment, price and cancellation, the receipt, and payments found by their structured
communication on a bank statement.

Finding the child: a search (GET, `?q=`) lists the persons of the organisation as radio
buttons inside the registration form; HTMX refreshes the list while typing. A person just
created comes back as `?jeune=<number>`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.activities import exports, services
from maillage.activities.forms import (
    CancelForm,
    PaymentForm,
    PriceChangeForm,
    ReferenceForm,
    RegistrationForm,
)
from maillage.activities.models import Activity, PaymentStatus, Registration, RegistrationStatus
from maillage.activities.queries import (
    confirmed_among,
    findable_persons,
    is_full,
    person_file_visible,
    registration_candidates,
    registration_for_page,
    waiting_ids,
    waiting_position,
)
from maillage.activities.views.activities import activity_url
from maillage.core import documents
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import OVERSIGHT_ROLES, Perm
from maillage.core.scoping import current_roles, get_visible_or_404
from maillage.core.validation import parse_id
from maillage.people.models import Person

WORK = Perm.WORK_WITH_YOUNG_PEOPLE
SEARCH_MAX = 100


def fetch_registration(request: HttpRequest, pk: int) -> Registration:
    return get_visible_or_404(registration_for_page(request.user), request.user, pk=pk)


def registration_url(registration: Registration, anchor: str = "") -> str:
    return reverse("activities:registration", kwargs={"pk": registration.pk}) + anchor


def _chosen_person(request: HttpRequest) -> Person | None:
    """The young person picked in the form, or come back from the creation of a file."""
    raw = request.POST.get("person") if request.method == "POST" else request.GET.get("jeune")
    pk = parse_id(raw)
    return None if pk is None else findable_persons(request.user).filter(pk=pk).first()


@org_view(WORK)
def registration_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    activity = get_visible_or_404(Activity.objects.select_related("organisation"), user, pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", "").strip()[:SEARCH_MAX]
    chosen = _chosen_person(request)
    candidates = registration_candidates(user, activity, query, chosen)
    picked = chosen.pk if chosen else None
    if request.htmx and request.htmx.target == "person-results":  # type: ignore[attr-defined]
        context = {"candidates": candidates, "q": query, "picked": picked, "activity": activity}
        return render(request, "activities/partials/person_pick.html", context)
    oversight = bool(current_roles(user) & OVERSIGHT_ROLES)
    form = RegistrationForm(
        posted(request),
        user=user,
        activity=activity,
        oversight=oversight,
        initial={"person": picked},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                actor=user,
                activity=activity,
                person=data["person"],
                price_tier=data["price_tier"],
                override_reason=data.get("override_reason", ""),
                **form.details(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _registered_message(registration))
            return redirect(activity_url(activity, "#roster"))
    context = {
        "activity": activity,
        "form": form,
        "candidates": candidates,
        "q": query,
        "picked": picked,
        "oversight": oversight,
        "has_prices": activity.price_tiers.exists(),
        "is_full": is_full(activity),
        # The file's page may bring the worker back here (`next`), as `?jeune=<number>`.
        "create_person_url": reverse("people:person_create")
        + "?"
        + urlencode({"next": reverse("activities:registration_create", kwargs={"pk": pk})}),
    }
    return render(request, "activities/registration_form.html", context)


def _registered_message(registration: Registration) -> str:
    name = str(registration.person)
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("%(name)s is registered: the place is confirmed.") % {"name": name}
    return _("The activity is full: %(name)s is on the waiting list (position %(position)s).") % {
        "name": name,
        "position": waiting_position(registration),
    }


def render_registration(
    request: HttpRequest, registration: Registration, **bound: forms.Form
) -> HttpResponse:
    """The registration's page; `bound` replaces a form by the one posted with errors.
    Showing the health notes is a read of health data: it goes to the access log."""
    user = request.user
    show_health = registration.health_notes_visible_to(user)
    if show_health and registration.health_notes:
        audit_log(
            actor=user,
            action="activities.registration.health_viewed",
            kind=AuditKind.READ,
            target=registration,
        )
    activity = registration.activity
    context = {
        "registration": registration,
        "activity": activity,
        "show_health": show_health,
        "position": waiting_position(registration),
        "person_visible": person_file_visible(user, registration.person),
        "is_active": registration.status != RegistrationStatus.CANCELLED,
        "is_paid": registration.payment_status == PaymentStatus.PAID,
        "payment_form": PaymentForm(
            initial={"status": registration.payment_status, "paid_on": registration.paid_on}
        ),
        "price_form": PriceChangeForm(
            activity=activity, initial={"price_tier": registration.price_tier_id}
        ),
        "cancel_form": CancelForm(),
        **bound,
    }
    return render(request, "activities/registration_detail.html", context)


@org_view(WORK)
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_registration(request, fetch_registration(request, pk))


@require_POST
@org_view(WORK)
def payment_update(request: HttpRequest, pk: int) -> HttpResponse:
    registration = fetch_registration(request, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
                status=form.cleaned_data["status"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The payment status has been saved."))
            return redirect(registration_url(registration, "#payment"))
    return render_registration(request, registration, payment_form=form)


@require_POST
@org_view(WORK)
def registration_price(request: HttpRequest, pk: int) -> HttpResponse:
    registration = fetch_registration(request, pk)
    form = PriceChangeForm(request.POST, activity=registration.activity)
    if form.is_valid():
        try:
            services.registration_change_price(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
                price_tier=form.cleaned_data["price_tier"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The price has been changed."))
            return redirect(registration_url(registration, "#payment"))
    return render_registration(request, registration, price_form=form)


@require_POST
@org_view(WORK)
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = fetch_registration(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return render_registration(request, registration, cancel_form=form)
    try:
        # Who was waiting before, and is confirmed after: whom the freed place went to.
        with transaction.atomic():
            waiting = waiting_ids(registration.activity)
            services.registration_cancel(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
                reason=form.cleaned_data["reason"],
            )
            promoted = confirmed_among(waiting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(registration_url(registration))
    message = _("The registration of %(name)s is cancelled.") % {"name": registration.person}
    if promoted:
        message += " " + _("Confirmed from the waiting list: %(names)s.") % {
            "names": ", ".join(str(r.person) for r in promoted)
        }
    messages.success(request, message)
    return redirect(activity_url(registration.activity, "#roster"))


@org_view(WORK)
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt of a paid registration, for the family (a mutuality or an employer
    refunds part of a camp on this proof)."""
    registration = fetch_registration(request, pk)
    if registration.payment_status != PaymentStatus.PAID:
        raise Http404
    audit_log(
        actor=request.user,
        action="activities.registration.receipt",
        kind=AuditKind.READ,
        target=registration,
    )
    response = HttpResponse(exports.receipt_pdf(registration), content_type=documents.PDF_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="recu-inscription-{registration.pk}.pdf"'
    )
    return response


@org_view(WORK)
def payment_by_reference(request: HttpRequest) -> HttpResponse:
    form = ReferenceForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            registration = services.payment_record_by_reference(
                actor=request.user,  # type: ignore[arg-type]
                reference=form.cleaned_data["reference"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The payment has been recorded."))
            return redirect(reverse("activities:payment_by_reference") + f"?fait={registration.pk}")
    # The registration just marked paid (after the redirect); anything else in `fait` is
    # ignored, as a filter would be.
    done = parse_id(request.GET.get("fait"))
    recorded = (
        registration_for_page(request.user).visible_to(request.user).filter(pk=done).first()
        if done is not None and not form.is_bound
        else None
    )
    return render(
        request, "activities/payment_by_reference.html", {"form": form, "recorded": recorded}
    )
