"""Reads of the social offer: the search shared by the team's and the public pages, the map's
points, the stale entries and the open-data rows.

Every list is read in a constant number of queries: the organisation is joined, the communes
served are prefetched, the map's points are one `values()` query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from maillage.core.models import Commune
from maillage.directory.models import Service, Theme, fold

# The map shows at most this many points (the list pages the rest).
MAP_LIMIT = 500


@dataclass(frozen=True)
class Search:
    theme: str = ""
    age: int | None = None
    commune: Commune | None = None
    text: str = ""
    stale: bool = False
    mine_only: bool = False


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").prefetch_related(
        Prefetch("communes", queryset=Commune.objects.order_by("name"))
    )


def search(services: QuerySet[Service], criteria: Search, *, user: Any = None) -> QuerySet[Service]:
    """Filter `services` as asked.

    `age` keeps the services open to a person of that age; `text` matches every word, with
    neither accents nor case, in the name, description, address, languages and how to
    access, or in the organisation's name; `stale` keeps the entries not checked for twelve
    months; `mine_only` keeps those of the user's organisation.
    """
    if criteria.theme:
        services = services.filter(theme=criteria.theme)
    if criteria.age is not None:
        services = services.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=criteria.age),
            Q(age_max__isnull=True) | Q(age_max__gte=criteria.age),
        )
    if criteria.commune is not None:
        services = services.filter(communes=criteria.commune)
    for word in criteria.text.split():
        services = services.filter(
            Q(search_text__contains=fold(word)) | Q(organisation__name__icontains=word)
        )
    if criteria.stale:
        services = services.stale()  # type: ignore[attr-defined]
    if criteria.mine_only and user is not None:
        services = services.filter(pk__in=Service.objects.editable_by(user).values("pk"))
    return services.distinct() if criteria.commune is not None else services


def public_services() -> QuerySet[Service]:
    return with_details(Service.objects.published())


def communes_served(services: QuerySet[Service]) -> QuerySet[Commune]:
    """The communes some of these services serve, for the commune filter."""
    return Commune.objects.filter(services__in=services.values("pk")).distinct().order_by("name")


def map_points(services: QuerySet[Service], *, public: bool) -> list[dict[str, Any]]:
    """The located services as the map script reads them: one query, no model instances."""
    route = "directory:public_service" if public else "directory:service"
    labels = dict(Theme.choices)
    rows = (
        services.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("name", "pk")
        .values("pk", "name", "theme", "organisation__name", "latitude", "longitude")[:MAP_LIMIT]
    )
    return [
        {
            "name": row["name"],
            "organisation": row["organisation__name"],
            "theme": str(labels.get(row["theme"], row["theme"])),
            "lat": float(row["latitude"] or 0),
            "lng": float(row["longitude"] or 0),
            "url": reverse(route, kwargs={"pk": row["pk"]}),
        }
        for row in rows
    ]


def stale_services(user: Any, *, now: datetime | None = None) -> QuerySet[Service]:
    """The entries of the user's organisation that nobody has checked for twelve months."""
    return (
        Service.objects.editable_by(user)
        .stale(now)
        .order_by("updated_at", "pk")
        .only("pk", "name", "updated_at", "reviewed_at")
    )


# The open-data columns, in order, with what each holds (shown on the documentation page).
OPEN_DATA_COLUMNS: tuple[str, ...] = (
    "id",
    "organisation",
    "name",
    "theme",
    "theme_label",
    "description",
    "age_min",
    "age_max",
    "gender",
    "communes",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
    "email",
    "website",
    "languages",
    "free",
    "price",
    "access",
    "updated_at",
)


def open_data_rows() -> list[dict[str, Any]]:
    """The published services as plain values: what the service publishes, nothing else."""
    labels = dict(Theme.choices)
    rows = []
    for service in public_services().order_by("pk"):
        rows.append(
            {
                "id": service.pk,
                "organisation": service.organisation.name,
                "name": service.name,
                "theme": service.theme,
                "theme_label": str(labels.get(service.theme, service.theme)),
                "description": service.description,
                "age_min": service.age_min,
                "age_max": service.age_max,
                "gender": service.gender,
                "communes": [commune.name for commune in service.communes.all()],
                "address": service.address,
                "latitude": float(service.latitude) if service.latitude is not None else None,
                "longitude": float(service.longitude) if service.longitude is not None else None,
                "opening_hours": service.opening_hours,
                "phone": service.phone,
                "email": service.email,
                "website": service.website,
                "languages": service.language_list(),
                "free": service.is_free,
                "price": service.price_note,
                "access": service.access,
                "updated_at": service.last_checked.date().isoformat(),
            }
        )
    return rows
