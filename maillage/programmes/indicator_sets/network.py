"""Indicators of the catalogue: network, concertation and training.

Meetings, action items and hours measure the network's work (not suppressed); trainees are
workers, still people, and suppressed as such.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.concertation.models import ActionItem, ActionStatus, Meeting
from maillage.network.models import Training, TrainingDay
from maillage.programmes.indicator_sets.common import hours, scoped, span
from maillage.programmes.indicators import Axis, Counts, Period, Scope, indicator

MEETING = "meeting"
CONFERENCE = "conference"


@indicator("network.meetings", label=_("Meetings held"), axis=Axis.NETWORK, people=False)
def meetings(scope: Scope, period: Period) -> Counts:
    """Meetings of the platforms the scope's organisations run, dated in the period and
    not after today (a meeting planned for later is not held yet), by type."""
    last = min(period.end, timezone.localdate())
    rows = (
        Meeting.objects.filter(scoped(scope), date__gte=period.start, date__lte=last)
        .order_by()
        .values("is_conference")
        .annotate(n=Count("pk"))
    )
    by_type = {CONFERENCE if r["is_conference"] else MEETING: r["n"] for r in rows}
    labels = {MEETING: _("Meetings"), CONFERENCE: _("Themed conferences")}
    return Counts(total=sum(by_type.values()), breakdowns=[(_("By type"), by_type, labels)])


@indicator(
    "network.action_items_closed",
    label=_("Action items closed"),
    axis=Axis.NETWORK,
    people=False,
)
def action_items_closed(scope: Scope, period: Period) -> Counts:
    """Action items of the platforms' meetings closed in the period: done or dropped."""
    rows = (
        ActionItem.objects.filter(
            scoped(scope),
            closed_on__range=span(period),
            status__in=[ActionStatus.DONE, ActionStatus.DROPPED],
        )
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    by_status = {r["status"]: r["n"] for r in rows}
    labels = {
        ActionStatus.DONE.value: ActionStatus.DONE.label,
        ActionStatus.DROPPED.value: ActionStatus.DROPPED.label,
    }
    return Counts(total=sum(by_status.values()), breakdowns=[(_("By status"), by_status, labels)])


@indicator("network.training_hours", label=_("Training hours"), axis=Axis.NETWORK, people=False)
def training_hours(scope: Scope, period: Period) -> Counts:
    """Hours of the training days dated in the period (of the trainings the scope's
    organisations run), in whole hours: hours given, not multiplied by the trainees."""
    days = TrainingDay.objects.filter(scoped(scope), date__range=span(period))
    return Counts(total=hours(days.aggregate(h=Sum("hours"))["h"]))


@indicator("network.trainees", label=_("Trainees"), axis=Axis.NETWORK)
def trainees(scope: Scope, period: Period) -> Counts:
    """Distinct people taking part in a training with a day in the period."""
    trainings = TrainingDay.objects.filter(scoped(scope), date__range=span(period)).values(
        "training_id"
    )
    through = Training.participants.through.objects.filter(training_id__in=trainings)
    total = through.aggregate(n=Count("user_id", distinct=True))["n"]
    return Counts(total=total or 0)
