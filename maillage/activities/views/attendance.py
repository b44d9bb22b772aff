"""Attendance taken on a phone: one tap per participant, a headcount for the others.

Each tap posts a small form; through HTMX the answer is the participant's row (and the
count beside the title, out of band), without JavaScript a redirect back to the page. The
value posted is the state wanted, not "toggle": a double tap on a slow network lands on the
same answer twice instead of undoing itself.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from maillage.activities import services
from maillage.activities.models import Registration, Session
from maillage.activities.presence import ROLL_FIELDS, roll_row, session_counts, session_roll
from maillage.activities.roll import RollMarkup
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

WORK = Perm.WORK_WITH_YOUNG_PEOPLE


class AttendanceForm(forms.Form):
    present = forms.TypedChoiceField(
        choices=[("1", gettext_lazy("Present")), ("0", gettext_lazy("Absent"))],
        coerce=lambda value: value == "1",
    )


class HeadcountForm(forms.Form):
    headcount = forms.IntegerField(
        label=gettext_lazy("Number of anonymous participants"),
        help_text=gettext_lazy(
            "People who are not registered by name (a class, passers-by). Leave empty if "
            "there were none to count."
        ),
        required=False,
        min_value=0,
        max_value=100_000,
        # The feedback after saving is read out with the field.
        widget=forms.NumberInput(
            attrs={
                "inputmode": "numeric",
                "aria-describedby": "id_headcount_helptext headcount-feedback",
            }
        ),
    )


def _session(request: HttpRequest, pk: int) -> Session:
    return get_visible_or_404(
        Session.objects.select_related("activity__organisation"), request.user, pk=pk
    )


def _session_url(session: Session, anchor: str = "") -> str:
    return reverse("activities:session", kwargs={"pk": session.pk}) + anchor


def _neighbours(request: HttpRequest, session: Session) -> tuple[Session | None, Session | None]:
    """The sessions before and after this one, to walk through a camp day by day."""
    siblings = Session.objects.visible_to(request.user).filter(activity_id=session.activity_id)
    earlier = Q(date__lt=session.date) | Q(date=session.date, starts_at__lt=session.starts_at)
    later = Q(date__gt=session.date) | Q(date=session.date, starts_at__gt=session.starts_at)
    previous = siblings.filter(earlier).order_by("-date", "-starts_at").first()
    following = siblings.filter(later).order_by("date", "starts_at").first()
    return previous, following


def _is_future(session: Session) -> bool:
    return session.date > timezone.localdate()


@org_view(WORK)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    activity = session.activity
    rows = session_roll(request.user, session) if activity.takes_names else []
    previous, following = _neighbours(request, session)
    future = _is_future(session)
    context: dict[str, Any] = {
        "session": session,
        "activity": activity,
        "rows": rows,
        "roll": RollMarkup.of(request, session, future=future).rows(rows),
        "present_count": sum(1 for row in rows if row.present),
        "expected_count": len(rows),
        "unmarked_count": sum(1 for row in rows if row.present is None),
        "future": future,
        "previous": previous,
        "following": following,
        "headcount_form": HeadcountForm(initial={"headcount": session.headcount}),
    }
    return render(request, "activities/session_detail.html", context)


@require_POST
@org_view(WORK)
def attendance_set(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    session = _session(request, pk)
    registration = get_visible_or_404(
        Registration.objects.select_related("person").only(*ROLL_FIELDS),
        request.user,
        pk=registration_pk,
        activity_id=session.activity_id,
    )
    form = AttendanceForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Tap the name of the participant to mark them present or absent.")
    else:
        try:
            services.attendance_record(
                actor=request.user,  # type: ignore[arg-type]
                session=session,
                registration=registration,
                present=form.cleaned_data["present"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        present_count, expected_count = session_counts(request.user, session)
        markup = RollMarkup.of(request, session, future=_is_future(session))
        context = {
            "row": markup.row(roll_row(session, registration), error),
            "present_count": present_count,
            "expected_count": expected_count,
            "oob": True,
        }
        return render(request, "activities/partials/attendance_row.html", context)
    if error:
        messages.error(request, error)
    return redirect(_session_url(session, f"#roll-{registration.pk}"))


@require_POST
@org_view(WORK)
def attendance_rest_present(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        marked = services.attendance_mark_rest_present(
            actor=request.user,  # type: ignore[arg-type]
            session=session,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s participant marked present.",
                "%(count)s participants marked present.",
                marked,
            )
            % {"count": marked},
        )
    return redirect(_session_url(session, "#roll-title"))


@require_POST
@org_view(WORK)
def session_headcount(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = HeadcountForm(posted(request))
    saved = False
    if form.is_valid():
        try:
            session = services.session_set_headcount(
                actor=request.user,  # type: ignore[arg-type]
                session=session,
                headcount=form.cleaned_data["headcount"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved = True
    if request.htmx:  # type: ignore[attr-defined]
        context = {"session": session, "headcount_form": form, "saved": saved}
        return render(request, "activities/partials/session_headcount.html#feedback", context)
    if saved:
        messages.success(request, _("The number of anonymous participants has been saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_session_url(session, "#headcount"))
