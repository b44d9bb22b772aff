"""A meeting's pages: the form, the meeting's page (agenda with the action items carried
over, attendance, minutes, decisions, action items, registrations), and the actions
posted from it. Each action has its URL; on success back to the page with a message, on
bad input the page again with the form and its errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.concertation import queries, services
from maillage.concertation.forms import (
    ACTION,
    AGENDA,
    DECISION,
    MINUTES,
    ActionItemForm,
    AgendaItemForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    StatusForm,
)
from maillage.concertation.models import ActionItem, ActionStatus, Meeting, Presence
from maillage.concertation.notify import meeting_event
from maillage.concertation.views.platforms import MANAGE, TEAM, managed_platform
from maillage.core import ics
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.scoping import get_visible_or_404
from maillage.core.validation import parse_id


def fetch_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_visible_or_404(
        Meeting.objects.select_related("platform__organisation"), request.user, pk=pk
    )


def managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = fetch_meeting(request, pk)
    if not services.can_manage(request.user, meeting.platform):
        raise PermissionDenied
    return meeting


def _page_forms(meeting: Meeting) -> dict[str, forms.Form]:
    return {
        "agenda_form": AgendaItemForm(prefix=AGENDA),
        "decision_form": DecisionForm(prefix=DECISION),
        "minutes_form": MinutesForm(prefix=MINUTES, initial={"minutes": meeting.minutes}),
        "action_form": ActionItemForm(prefix=ACTION, members=meeting.platform.members.all()),
    }


def render_meeting(request: HttpRequest, meeting: Meeting, **bound: forms.Form) -> HttpResponse:
    page = queries.meeting_page(request.user, meeting)
    manager = services.can_manage(request.user, meeting.platform)
    user_pk = request.user.pk
    today = timezone.localdate()
    context: dict[str, Any] = {
        "meeting": meeting,
        "platform": meeting.platform,
        "page": page,
        "manager": manager,
        "presence_choices": Presence.choices,
        "status_choices": ActionStatus.choices,
        "today": today,
        "attendance_rows": [(m, page.attendance.get(m.pk, "")) for m in page.members],
        "can_close": {
            i.pk for i in page.carried + page.raised if manager or i.owner.user_id == user_pk
        },
        "upcoming": meeting.date >= today,
        "full": meeting.capacity is not None and page.registered_count >= meeting.capacity,
        "registered": meeting.is_conference
        and meeting.registrations.filter(user_id=user_pk).exists(),
        **(_page_forms(meeting) if manager else {}),
        **bound,
    }
    return render(request, "concertation/meeting_detail.html", context)


@org_view(TEAM)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_meeting(request, fetch_meeting(request, pk))


@org_view(MANAGE)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    platform = managed_platform(request, pk)
    form = MeetingForm(posted(request), initial={"date": timezone.localdate()})
    if form.is_bound and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user,  # type: ignore[arg-type]
                platform=platform,
                agenda=form.cleaned_data["agenda"].splitlines(),
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been planned."))
            return redirect(meeting)
    context = {"form": form, "platform": platform, "meeting": None}
    return render(request, "concertation/meeting_form.html", context)


@org_view(MANAGE)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting(request, pk)
    form = MeetingForm(posted(request), instance=meeting)
    if form.is_bound and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting)
    meeting.refresh_from_db()
    context = {"form": form, "platform": meeting.platform, "meeting": meeting}
    return render(request, "concertation/meeting_form.html", context)


def _apply(
    request: HttpRequest,
    meeting: Meeting,
    form: forms.Form,
    *,
    form_name: str,
    action: Callable[[dict[str, Any]], Any],
    success: str,
    anchor: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(meeting.get_absolute_url() + anchor)
    return render_meeting(request, meeting, **{form_name: form})


@require_POST
@org_view(MANAGE)
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting(request, pk)
    return _apply(
        request,
        meeting,
        AgendaItemForm(request.POST, prefix=AGENDA),
        form_name="agenda_form",
        action=lambda data: services.agenda_item_add(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            title=data["title"],
        ),
        success=_("The agenda item has been added."),
        anchor="#agenda",
    )


@require_POST
@org_view(MANAGE)
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting(request, pk)
    return _apply(
        request,
        meeting,
        DecisionForm(request.POST, prefix=DECISION),
        form_name="decision_form",
        action=lambda data: services.decision_add(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            text=data["text"],
        ),
        success=_("The decision has been recorded."),
        anchor="#decisions",
    )


@require_POST
@org_view(MANAGE)
def minutes_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting(request, pk)
    return _apply(
        request,
        meeting,
        MinutesForm(request.POST, prefix=MINUTES),
        form_name="minutes_form",
        action=lambda data: services.minutes_save(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            minutes=data["minutes"],
        ),
        success=_("The minutes have been saved."),
        anchor="#minutes",
    )


@require_POST
@org_view(MANAGE)
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting(request, pk)
    return _apply(
        request,
        meeting,
        ActionItemForm(request.POST, prefix=ACTION, members=meeting.platform.members.all()),
        form_name="action_form",
        action=lambda data: services.action_item_add(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            text=data["text"],
            owner=data["owner"],
            due_on=data["due_on"],
        ),
        success=_("The action item has been added."),
        anchor="#actions",
    )


@require_POST
@org_view(MANAGE)
def attendance_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting(request, pk)
    statuses: dict[int, str] = {}
    for key, value in request.POST.items():
        pk = parse_id(key.removeprefix("presence-")) if key.startswith("presence-") else None
        if pk is not None and value:
            statuses[pk] = value
    try:
        services.attendance_record(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            statuses=statuses,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The attendance has been saved."))
    return redirect(meeting.get_absolute_url() + "#attendance")


@require_POST
@org_view(MANAGE)
def invitations_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = managed_meeting(request, pk)
    try:
        count = services.invitations_send(actor=request.user, meeting=meeting)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The invitations are being sent to %(count)s people.") % {"count": count}
        )
    return redirect(meeting)


@require_POST
@org_view(TEAM)
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Close or reopen an action item, from a meeting's page (where it was settled) or from
    the list of the owner's action items."""
    item = get_visible_or_404(
        ActionItem.objects.select_related("platform", "owner", "meeting"), request.user, pk=pk
    )
    if not services.can_close(request.user, item):
        raise PermissionDenied
    form = StatusForm(request.POST)
    meeting = None
    if form.is_valid() and form.cleaned_data["meeting"]:
        meeting = get_visible_or_404(Meeting, request.user, pk=form.cleaned_data["meeting"])
    if not form.is_valid():
        messages.error(request, _("Choose open, done or dropped."))
    else:
        try:
            services.action_item_set_status(
                actor=request.user,  # type: ignore[arg-type]
                item=item,
                status=form.cleaned_data["status"],
                meeting=meeting,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(text)s”: status saved.") % {"text": item.text})
    if meeting is not None:
        return redirect(meeting.get_absolute_url() + "#carried")
    return redirect("concertation:my_actions")


@require_POST
@org_view(TEAM)
def conference_register(request: HttpRequest, pk: int) -> HttpResponse:
    """A member registers themselves for a themed conference."""
    meeting = fetch_meeting(request, pk)
    user: Any = request.user
    membership = request.org.organisation  # type: ignore[attr-defined]
    try:
        services.conference_register(
            actor=user,
            meeting=meeting,
            name=user.get_full_name() or user.email,
            email=user.email,
            organisation_name=membership.name,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are registered for this conference."))
    return redirect(meeting.get_absolute_url() + "#registration")


@org_view(TEAM)
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = fetch_meeting(request, pk)
    content = ics.calendar([meeting_event(meeting)], name=meeting.platform.name)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response
