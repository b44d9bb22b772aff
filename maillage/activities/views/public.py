"""The public calendar of upcoming activities, and the online registration by a parent.

No account: these pages read only `Activity.objects.published()`. The registration posts
to the service that checks places, ages and siblings under the activity's lock; what the
parent learns afterwards (who is confirmed, who waits) is kept in their own session, never
in an address. Robots meet a honeypot field and a limit of submissions per address.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities import calendar as reads
from maillage.activities import services
from maillage.activities.models import Activity, Registration, RegistrationStatus
from maillage.activities.notify import session_events
from maillage.activities.public_forms import (
    MAX_CHILDREN,
    CalendarFilterForm,
    ChildFormSet,
    ParentForm,
    prefill_from,
)
from maillage.core import ics, ratelimit
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import public_view

PAGE_SIZE = 20
# The registrations a visitor just made, by activity: {"<activity pk>": [registration pks]}.
SESSION_KEY = "activities.public_registrations"
RATE_SCOPE = "public-registration"


@public_view
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CalendarFilterForm(request.GET or None, communes=reads.communes_with_upcoming(today))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    activities = reads.upcoming(
        today=today,
        commune=data.get("commune"),
        kind=data.get("kind") or "",
        age=data.get("age"),
        text=data.get("q") or "",
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/public/calendar.html",
        {
            "form": form,
            "page": page,
            "rows": reads.rows(list(page.object_list), today=today),
            "filtered": bool(data and any(data.values())),
            "query": query.urlencode(),
        },
    )


def _activity_context(activity: Activity) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "activity": activity,
        "tiers": list(activity.price_tiers.all()),
        "prices": reads.price_range(list(activity.price_tiers.all())),
        "availability": reads.availability(activity, today=today),
        "registration_open": reads.registration_is_open(activity, today),
        "past": activity.ends_on < today,
    }


@public_view
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    found = reads.published_activity(pk)
    context = _activity_context(found) | {"sessions": list(found.sessions.all())}
    return render(request, "activities/public/activity.html", context)


@public_view
def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    found = reads.published_activity(pk)
    sessions = found.sessions.select_related("activity__organisation").order_by("date", "starts_at")
    content = ics.calendar(session_events(list(sessions), public=True), name=found.title)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seances-{found.pk}.ics"'
    return response


def _put_errors(exc: ValidationError, parent: ParentForm, children: list[Any]) -> None:
    """Errors keyed `child-<index>-<field>` go on that child's field (`index` counts the
    filled blocks only); the others on the parent's form, or above it."""
    if not hasattr(exc, "error_dict"):
        parent.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "child" and parts[1].isdigit():
            index, name = int(parts[1]), parts[2]
            if index < len(children) and name in children[index].fields:
                children[index].add_error(name, errors)
                continue
        add_service_errors(parent, ValidationError({key: errors}))


def _remember(request: HttpRequest, activity: Activity, registrations: list[Registration]) -> None:
    done = dict(request.session.get(SESSION_KEY, {}))
    done[str(activity.pk)] = [r.pk for r in registrations]
    request.session[SESSION_KEY] = done


def _too_many(request: HttpRequest, activity: Activity) -> HttpResponse:
    return render(request, "activities/public/too_many.html", {"activity": activity}, status=429)


def _submit(activity: Activity, parent: ParentForm, formset: Any) -> list[Registration] | None:
    """The registrations made, or None with the errors put on the forms."""
    children = formset.filled()
    submission: uuid.UUID = parent.cleaned_data["submission"]
    try:
        registrations = services.registrations_submit_online(
            activity=activity,
            submission=submission,
            children=[child.child() for child in children],
            **parent.guardian(),
        )
    except ValidationError as exc:
        # The same form sent twice at once: the first one registered the children.
        earlier = reads.submitted(activity, submission)
        if earlier:
            return earlier
        _put_errors(exc, parent, children)
        return None
    # A form identifier is secret to the browser that got it; still, only this activity's.
    return [r for r in registrations if r.activity_id == activity.pk]


@public_view
def register(request: HttpRequest, pk: int) -> HttpResponse:
    found = reads.published_activity(pk)
    tiers = list(found.price_tiers.all())
    data = posted(request)
    focus = None
    if data is not None and "add_child" in data:
        # "Add a child" (without JavaScript): the same form, unbound, with one more block.
        parent_initial, prefill = prefill_from(data)
        if not parent_initial["submission"]:
            parent_initial["submission"] = uuid.uuid4()
        parent = ParentForm(initial=parent_initial)
        formset = ChildFormSet(tiers=tiers, prefill=prefill)
        focus = len(prefill) - 1
    else:
        parent = ParentForm(data, initial={"submission": uuid.uuid4()})
        formset = ChildFormSet(data, tiers=tiers)
        if data is not None:
            allowed = ratelimit.public_form_allowed(request, RATE_SCOPE)
            if not allowed:
                return _too_many(request, found)
            parent_ok = parent.is_valid()  # both validated: every mistake shown at once
            if formset.is_valid() and parent_ok:
                registrations = _submit(found, parent, formset)
                if registrations is not None:
                    _remember(request, found, registrations)
                    messages.success(request, _("Your registration has been received."))
                    return redirect("activities:public_thanks", pk=found.pk)
    if focus is not None and focus < len(formset.forms):
        formset.forms[focus].fields["first_name"].widget.attrs["autofocus"] = True
    context = _activity_context(found) | {
        "parent": parent,
        "formset": formset,
        "can_add_child": formset.total_form_count() < MAX_CHILDREN,
        "max_children": MAX_CHILDREN,
        "sent": data is not None,
    }
    return render(request, "activities/public/register.html", context)


@public_view
def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    found = reads.published_activity(pk)
    ids = request.session.get(SESSION_KEY, {}).get(str(found.pk), [])
    registrations = reads.own_registrations(found, ids)
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    return render(
        request,
        "activities/public/thanks.html",
        {
            "activity": found,
            "confirmed": confirmed,
            "waiting": waiting,
            "registrations": registrations,
            "calendar_url": reverse("activities:public_calendar"),
        },
    )
