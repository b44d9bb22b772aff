"""Reads the network's pages share. Each is a fixed number of queries, whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from maillage.core.models import Membership, Organisation, User
from maillage.core.scoping import current_organisation_id
from maillage.network.models import (
    Agreement,
    AgreementDocument,
    AgreementQuerySet,
    Placement,
    PlacementQuerySet,
    Training,
    TrainingDay,
)

BY_PARTNER = "partner"
BY_WORKER = "worker"


def placement_rows(
    user: Any,
    *,
    day: date | None,
    worker: User | None = None,
    host: Organisation | None = None,
    text: str = "",
    order: str = BY_PARTNER,
) -> PlacementQuerySet:
    """Who is placed where on `day` (every period when None), by partner or by worker."""
    rows: PlacementQuerySet = Placement.objects.visible_to(user).select_related(
        "worker", "host", "organisation"
    )
    if day is not None:
        rows = rows.on(day)
    if worker is not None:
        rows = rows.filter(worker=worker)
    if host is not None:
        rows = rows.filter(host=host)
    if text:
        rows = rows.filter(
            Q(host__name__icontains=text)
            | Q(host_name__icontains=text)
            | Q(worker__first_name__icontains=text)
            | Q(worker__last_name__icontains=text)
            | Q(coordinator_name__icontains=text)
        )
    if order == BY_WORKER:
        return rows.order_by("worker__last_name", "worker__first_name", "-starts_on", "pk")
    return rows.order_by(
        Coalesce("host__name", "host_name"), "worker__last_name", "-starts_on", "pk"
    )


def placement_workers(user: Any) -> QuerySet[User]:
    """The workers who may be placed: active members of the current organisation."""
    org_id = current_organisation_id(user)
    if org_id is None:
        return User.objects.none()
    members = Membership.objects.filter(organisation_id=org_id, user=OuterRef("pk"), is_active=True)
    return User.objects.filter(Exists(members), is_active=True).order_by("last_name", "first_name")


def placement_hosts(user: Any) -> QuerySet[Organisation]:
    """The structures a worker may be placed in: every other active organisation."""
    org_id = current_organisation_id(user)
    if org_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(is_active=True).exclude(pk=org_id)


def filter_hosts(user: Any) -> QuerySet[Organisation]:
    """Structures that appear in the placements the user sees (for the list's filter)."""
    visible = Placement.objects.visible_to(user).values("host_id")
    return Organisation.objects.filter(pk__in=visible).order_by("name")


def filter_workers(user: Any) -> QuerySet[User]:
    visible = Placement.objects.visible_to(user).values("worker_id")
    return User.objects.filter(pk__in=visible).order_by("last_name", "first_name")


def agreement_rows(
    user: Any,
    *,
    today: date,
    status: str = "",
    renewal_due: bool = False,
    text: str = "",
) -> AgreementQuerySet:
    rows: AgreementQuerySet = Agreement.objects.visible_to(user)
    if renewal_due:
        rows = rows.renewal_due(today)
    if status:
        rows = rows.filter(status=status)
    if text:
        rows = rows.filter(
            Q(title__icontains=text)
            | Q(other_parties__icontains=text)
            | Q(parties__name__icontains=text)
            | Q(organisation__name__icontains=text)
        ).distinct()
    return (
        rows.select_related("organisation")
        .prefetch_related(Prefetch("parties", queryset=Organisation.objects.order_by("name")))
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("ends_on", "title", "pk")
    )


def agreement_for_page(user: Any) -> AgreementQuerySet:
    return (
        Agreement.objects.select_related("organisation", "created_by")
        .prefetch_related(
            Prefetch("parties", queryset=Organisation.objects.order_by("name")),
            Prefetch("documents", queryset=AgreementDocument.objects.order_by("uploaded_at")),
        )
        .all()
    )


def agreements_due(user: Any, today: date) -> AgreementQuerySet:
    return Agreement.objects.visible_to(user).renewal_due(today).order_by("ends_on", "pk")


def training_rows(user: Any, *, year: int | None = None, text: str = "") -> QuerySet[Training]:
    rows = Training.objects.visible_to(user)
    if year is not None:
        rows = rows.filter(days__date__year=year).distinct()
    if text:
        rows = rows.filter(Q(title__icontains=text) | Q(trainer__icontains=text))
    first_days = TrainingDay.objects.filter(training=OuterRef("pk")).order_by("date")
    return rows.annotate(
        hours=Subquery(
            TrainingDay.objects.filter(training=OuterRef("pk"))
            .values("training")
            .annotate(total=Sum("hours"))
            .values("total")[:1]
        ),
        first_day=Subquery(first_days.values("date")[:1]),
        day_count=Subquery(
            TrainingDay.objects.filter(training=OuterRef("pk"))
            .values("training")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        participant_count=Count("participants", distinct=True),
    ).order_by("-first_day", "title", "pk")


def training_for_page(user: Any) -> QuerySet[Training]:
    return Training.objects.prefetch_related(
        "days", Prefetch("participants", queryset=User.objects.order_by("last_name", "first_name"))
    ).all()


@dataclass(frozen=True)
class WorkerHours:
    worker: User
    trainings: int
    hours: Decimal


def hours_per_worker(user: Any, year: int) -> list[WorkerHours]:
    """Hours of training of each member of the organisation in `year`: one query.

    A training counts the hours of its days that fall in the year, for each participant.
    """
    org_id = current_organisation_id(user)
    if org_id is None:
        return []
    members = Membership.objects.filter(organisation_id=org_id, user=OuterRef("pk"), is_active=True)
    in_year = Q(
        trainings__organisation_id=org_id,
        trainings__days__date__year=year,
    )
    rows = (
        User.objects.filter(Exists(members))
        .annotate(
            hours=Coalesce(
                Sum("trainings__days__hours", filter=in_year),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            ),
            training_count=Count("trainings", filter=in_year, distinct=True),
        )
        .order_by("last_name", "first_name", "pk")
    )
    return [WorkerHours(u, u.training_count, u.hours) for u in rows]


def training_years(user: Any) -> list[int]:
    dates = TrainingDay.objects.filter(training__in=Training.objects.visible_to(user).values("pk"))
    return sorted({d.year for d in dates.dates("date", "year")}, reverse=True)
