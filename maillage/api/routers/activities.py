"""Activities and their sessions. Without a token: the public calendar's activities (past
ones included, filter by dates). With a token holding `activities:read`: also the
organisation's own unpublished ones, through `visible_to`."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from maillage.activities.models import (
    Activity,
    ActivityKind,
    PriceTier,
    RegistrationStatus,
    Session,
)
from maillage.api.auth import has_scope, optional_auth
from maillage.api.errors import COMMON, PUBLIC_OBJECT
from maillage.api.fields import Date, Id, OffsetTime, Pagination, Text, with_offset
from maillage.api.models import Scope
from maillage.api.routers.directory import Named

router = Router(tags=["activities"], auth=optional_auth)


class PriceOut(Schema):
    id: int
    label: str
    description: str
    amount: Decimal


class ActivityOut(Schema):
    id: int
    organisation: Named
    kind: ActivityKind
    title: str
    description: str
    commune: str = Field(..., alias="commune.name")
    place: str
    starts_on: date
    ends_on: date
    age_min: int | None
    age_max: int | None
    places: int | None = Field(..., description="Empty: no limit.")
    free_places: int | None = Field(..., description="Empty: no limit.")
    is_public: bool
    registration_open: bool
    prices: list[PriceOut]

    @staticmethod
    def resolve_free_places(activity: Activity) -> int | None:
        if activity.places is None:
            return None
        return max(activity.places - getattr(activity, "confirmed_count", 0), 0)

    @staticmethod
    def resolve_prices(activity: Activity) -> list[PriceTier]:
        return list(activity.price_tiers.all())


class SessionOut(Schema):
    id: int
    date: date
    starts_at: OffsetTime = Field(..., description="Time in Brussels, with its UTC offset.")
    ends_at: OffsetTime = Field(..., description="Time in Brussels, with its UTC offset.")
    place: str = Field(..., alias="where")

    @staticmethod
    def resolve_starts_at(session: Session) -> str:
        return with_offset(session.date, session.starts_at)

    @staticmethod
    def resolve_ends_at(session: Session) -> str:
        return with_offset(session.date, session.ends_at)


class ActivityFilter(Schema):
    date_from: Date | None = Field(None, alias="from", description="Not ended before this day.")
    date_to: Date | None = Field(None, alias="to", description="Started by this day.")
    commune: Text | None = Field(None, description="Name of the commune.")
    kind: ActivityKind | None = None
    age: int | None = Field(None, ge=0, le=99, description="Open to a child of this age.")


def readable(request: HttpRequest) -> QuerySet[Activity]:
    """Published activities, and the token's organisation's own with `activities:read`."""
    published = Activity.objects.published()
    if has_scope(request, Scope.ACTIVITIES_READ):
        own = Activity.objects.visible_to(request.user)
        published = Activity.objects.filter(
            Q(pk__in=published.values("pk")) | Q(pk__in=own.values("pk"))
        )
    return (
        published.select_related("organisation", "commune")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            )
        )
        .prefetch_related(
            Prefetch("price_tiers", queryset=PriceTier.objects.order_by("position", "amount", "pk"))
        )
    )


@router.get("/activities", response={200: list[ActivityOut], **COMMON})
@paginate(Pagination)
def activities(request: HttpRequest, filters: Query[ActivityFilter]) -> QuerySet[Activity]:
    """Activities, the soonest first."""
    rows = readable(request)
    if filters.date_from:
        rows = rows.filter(ends_on__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(starts_on__lte=filters.date_to)
    if filters.commune:
        rows = rows.filter(commune__name__iexact=filters.commune.strip())
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.age is not None:
        rows = rows.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=filters.age),
            Q(age_max__isnull=True) | Q(age_max__gte=filters.age),
        )
    return rows.order_by("starts_on", "title", "pk")


@router.get("/activities/{activity_id}", response={200: ActivityOut, **PUBLIC_OBJECT})
def activity(request: HttpRequest, activity_id: Id) -> Activity:
    found: Activity = get_object_or_404(readable(request), pk=activity_id)
    return found


@router.get("/activities/{activity_id}/sessions", response={200: list[SessionOut], **PUBLIC_OBJECT})
def sessions(request: HttpRequest, activity_id: Id) -> list[Session]:
    """The activity's sessions in order."""
    found = get_object_or_404(readable(request), pk=activity_id)
    rows = Session.objects.filter(activity=found).select_related("activity")
    return list(rows.order_by("date", "starts_at", "pk"))
