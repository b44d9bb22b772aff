"""The public page of a themed conference, where anyone registers without an account when
the platform allows it. Robots meet a honeypot field and a limit of submissions per
address."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.concertation import services
from maillage.concertation.forms import RegistrationForm
from maillage.concertation.models import Meeting
from maillage.core import ratelimit
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import public_view

RATE_SCOPE = "public-conference"


def public_conference(pk: int) -> Meeting:
    try:
        meeting: Meeting = (
            Meeting.objects.open_for_public().select_related("platform__organisation").get(pk=pk)
        )
    except Meeting.DoesNotExist:
        raise Http404 from None
    return meeting


@public_view
def conference(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = public_conference(pk)
    registered = meeting.registrations.count()
    full = meeting.capacity is not None and registered >= meeting.capacity
    over = meeting.date < timezone.localdate()
    data = posted(request)
    form = RegistrationForm(data)
    if data is not None:
        allowed = ratelimit.public_form_allowed(request, RATE_SCOPE)
        if not allowed:
            return render(
                request, "concertation/public/too_many.html", {"meeting": meeting}, status=429
            )
        if form.is_valid():
            try:
                services.conference_register(
                    actor=None,
                    meeting=meeting,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation_name=form.cleaned_data["organisation_name"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your registration has been received."))
                return redirect("concertation:public_thanks", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "form": form,
        "full": full,
        "over": over,
        "places_left": None if meeting.capacity is None else max(0, meeting.capacity - registered),
    }
    return render(request, "concertation/public/conference.html", context)


@public_view
def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = public_conference(pk)
    return render(request, "concertation/public/thanks.html", {"meeting": meeting})
