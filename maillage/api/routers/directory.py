"""The public directory: active organisations and the published social offer. No token
needed; what is shown is what the public pages and the open data already show."""

from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from maillage.api.auth import optional_auth
from maillage.api.errors import COMMON, PUBLIC_OBJECT
from maillage.api.fields import EmailOrEmpty, Id, Pagination, Text
from maillage.core.models import Commune, Organisation, OrganisationKind
from maillage.directory.models import Service, Theme
from maillage.directory.queries import Search, public_services, search

router = Router(tags=["directory"], auth=optional_auth)


class Named(Schema):
    id: int
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    commune: str = Field(..., alias="commune.name")
    postcode: str
    website: str
    email: EmailOrEmpty
    phone: str


class OrganisationFilter(Schema):
    kind: OrganisationKind | None = None
    commune: Text | None = Field(None, description="Name of the commune, e.g. “Saint-Gilles”.")
    q: Text | None = Field(None, max_length=200, description="Words of the name.")


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).select_related("commune")


@router.get("/organisations", response={200: list[OrganisationOut], **COMMON})
@paginate(Pagination)
def organisations(
    request: HttpRequest, filters: Query[OrganisationFilter]
) -> QuerySet[Organisation]:
    """Active organisations of the network, with their public contact details."""
    rows = _organisations()
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.commune:
        rows = rows.filter(commune__name__iexact=filters.commune.strip())
    for word in (filters.q or "").split():
        rows = rows.filter(name__icontains=word)
    return rows.order_by("name", "pk")


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **PUBLIC_OBJECT})
def organisation(request: HttpRequest, organisation_id: Id) -> Organisation:
    found: Organisation = get_object_or_404(_organisations(), pk=organisation_id)
    return found


class ServiceOut(Schema):
    id: int
    organisation: Named
    name: str
    theme: Theme
    description: str
    age_min: int | None
    age_max: int | None
    gender: str
    communes: list[str]
    address: str
    latitude: float | None
    longitude: float | None
    opening_hours: str
    phone: str
    email: EmailOrEmpty
    website: str
    languages: list[str]
    free: bool = Field(..., alias="is_free")
    price: str = Field(..., alias="price_note")
    access: str
    updated_at: date

    @staticmethod
    def resolve_communes(service: Service) -> list[str]:
        return [commune.name for commune in service.communes.all()]

    @staticmethod
    def resolve_languages(service: Service) -> list[str]:
        return service.language_list()

    @staticmethod
    def resolve_latitude(service: Service) -> float | None:
        return float(service.latitude) if service.latitude is not None else None

    @staticmethod
    def resolve_longitude(service: Service) -> float | None:
        return float(service.longitude) if service.longitude is not None else None

    @staticmethod
    def resolve_updated_at(service: Service) -> date:
        return service.last_checked.date()


class ServiceFilter(Schema):
    theme: Theme | None = None
    commune: Text | None = Field(None, description="Name of a commune served.")
    age: int | None = Field(None, ge=0, le=120, description="Open to a person of this age.")
    q: Text | None = Field(None, max_length=200, description="Words of the text, any accents.")


@router.get("/services", response={200: list[ServiceOut], **COMMON})
@paginate(Pagination)
def services(request: HttpRequest, filters: Query[ServiceFilter]) -> QuerySet[Service]:
    """The published social offer, filtered as the public search filters it."""
    published = public_services()
    commune = None
    if filters.commune:
        commune = Commune.objects.filter(name__iexact=filters.commune.strip()).first()
        if commune is None:
            return published.none()
    criteria = Search(
        theme=filters.theme or "", age=filters.age, commune=commune, text=filters.q or ""
    )
    found: QuerySet[Service] = search(published, criteria)
    return found.order_by("name", "pk")


@router.get("/services/{service_id}", response={200: ServiceOut, **PUBLIC_OBJECT})
def service(request: HttpRequest, service_id: Id) -> Service:
    found: Service = get_object_or_404(public_services(), pk=service_id)
    return found
