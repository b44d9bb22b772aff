"""Registrations of the token's organisation. Reading needs `registrations:read`; registering
and cancelling `registrations:write`.

A registration is posted as the online form posts it (`registrations_submit_online`): an
integrator (the organisation's website, a commune's portal) collects a parent's form for one
or more children, named with their birth date; the service finds the child's file or makes
one, checks places, ages, prices and the waiting list under the activity's lock, and e-mails
the parent. `submission` is the form's identifier, chosen by the integrator: posting the same
one again registers nothing twice, which makes a retry after a lost answer safe.
What a response tells of a child is what the team's roster shows: name and age.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from maillage.activities.models import Activity, PriceTier, Registration, RegistrationStatus
from maillage.activities.online import registrations_submit_online
from maillage.activities.registrations import registration_cancel
from maillage.activities.rules import age_on
from maillage.api.auth import scoped, the_token
from maillage.api.errors import WITH_OBJECT, WITH_TOKEN, WRITE_OBJECT
from maillage.api.fields import Date, Email, Id, JsonBool, JsonId, Pagination, Text, Uuid
from maillage.api.models import ApiToken, Scope
from maillage.core.audit import audit_log
from maillage.core.scoping import get_visible_or_404
from maillage.core.validation import raise_errors

router = Router(tags=["registrations"])
MAX_CHILDREN = 10


class ChildOut(Schema):
    id: int
    first_name: str
    last_name: str
    age: int | None = Field(..., description="Age on the activity's first day.")


class RegistrationOut(Schema):
    id: int
    activity: int = Field(..., alias="activity_id")
    child: ChildOut
    status: RegistrationStatus
    source: str
    price_tier: int | None = Field(..., alias="price_tier_id")
    amount_due: Decimal
    sibling_reduction: bool
    payment_status: str
    payment_reference: str
    created_at: datetime

    @staticmethod
    def resolve_child(registration: Registration) -> dict[str, object]:
        person = registration.person
        born = person.birth_date
        return {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "age": age_on(born, registration.activity.starts_on) if born else None,
        }


class RegistrationFilter(Schema):
    activity: Id | None = None
    status: RegistrationStatus | None = None


_SECRETS = ("guardian_name", "guardian_email", "guardian_phone", "emergency_contact")


def _registrations(request: HttpRequest) -> QuerySet[Registration]:
    rows: QuerySet[Registration] = (
        Registration.objects.visible_to(request.user)
        .select_related("person", "activity")
        .defer(*_SECRETS, "health_notes")
    )
    return rows


@router.get(
    "/registrations",
    response={200: list[RegistrationOut], **WITH_TOKEN},
    auth=scoped(Scope.REGISTRATIONS_READ),
)
@paginate(Pagination)
def registrations(
    request: HttpRequest, filters: Query[RegistrationFilter]
) -> QuerySet[Registration]:
    """The organisation's registrations, the oldest first."""
    rows = _registrations(request)
    if filters.activity is not None:
        rows = rows.filter(activity_id=filters.activity)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows.order_by("pk")


@router.get(
    "/registrations/{registration_id}",
    response={200: RegistrationOut, **WITH_OBJECT},
    auth=scoped(Scope.REGISTRATIONS_READ),
)
def registration(request: HttpRequest, registration_id: Id) -> Registration:
    found: Registration = get_visible_or_404(
        _registrations(request), request.user, pk=registration_id
    )
    return found


def _consent(value: bool) -> bool:
    if not value:
        raise PydanticCustomError(
            "consent_required",
            _("The registration needs the authorisation of a parent or guardian."),
        )
    return value


# The parent's authorisation: `true`, or there is no registration (the document says so).
Consent = Annotated[
    bool, Strict(), AfterValidator(_consent), WithJsonSchema({"type": "boolean", "const": True})
]


class ChildIn(Schema):
    model_config = {"extra": "forbid"}

    first_name: Text = Field(..., min_length=1, max_length=100)
    last_name: Text = Field(..., min_length=1, max_length=100)
    birth_date: Date
    gender: Literal["F", "M", "X", ""] = ""
    health_notes: Text = Field("", max_length=2000)
    price_tier: JsonId | None = Field(None, description="Id of one of the activity's prices.")


class RegistrationIn(Schema):
    model_config = {"extra": "forbid"}

    activity: JsonId
    submission: Uuid = Field(..., description="The form's identifier: a retry sends it again.")
    children: list[ChildIn] = Field(..., min_length=1, max_length=MAX_CHILDREN)
    guardian_name: Text = Field(..., min_length=1, max_length=200)
    guardian_email: Email
    guardian_phone: Text = Field("", max_length=40)
    emergency_contact: Text = Field("", max_length=300)
    parental_authorisation: Consent
    photo_consent: JsonBool = False


@router.post(
    "/registrations",
    response={201: list[RegistrationOut], **WRITE_OBJECT},
    auth=scoped(Scope.REGISTRATIONS_WRITE),
)
def register(request: HttpRequest, payload: RegistrationIn) -> Status[Any]:
    """Register one or more children for an activity open to online registration."""
    token = the_token(request)
    activity = get_visible_or_404(Activity, request.user, pk=payload.activity)
    tiers = {tier.pk: tier for tier in PriceTier.objects.filter(activity=activity)}
    children = []
    for index, child in enumerate(payload.children):
        tier = None
        if child.price_tier is not None:
            tier = tiers.get(child.price_tier)
            if tier is None:
                raise_errors(
                    {f"child-{index}-price_tier": [_("This price is not one of this activity's.")]}
                )
        children.append({**child.model_dump(exclude={"price_tier"}), "price_tier": tier})
    with transaction.atomic():
        return Status(201, _submit(request, token, activity, payload, children))


def _submit(
    request: HttpRequest,
    token: ApiToken,
    activity: Activity,
    payload: RegistrationIn,
    children: list[dict[str, Any]],
) -> list[Registration]:
    before = Registration.objects.filter(submission=payload.submission).exists()
    made = registrations_submit_online(
        activity=activity,
        submission=payload.submission,
        children=children,
        guardian_name=payload.guardian_name,
        guardian_email=payload.guardian_email,
        guardian_phone=payload.guardian_phone,
        emergency_contact=payload.emergency_contact,
        parental_authorisation=payload.parental_authorisation,
        photo_consent=payload.photo_consent,
    )
    if not before:
        for registration in made:
            audit_log(
                actor=token.user,
                action="api.registration.submitted",
                target=registration,
                changes={"status": registration.status},
            )
    return list(_registrations(request).filter(pk__in=[r.pk for r in made]).order_by("pk"))


class CancelIn(Schema):
    model_config = {"extra": "forbid"}

    reason: Text = Field("", max_length=200)


@router.post(
    "/registrations/{registration_id}/cancel",
    response={200: RegistrationOut, **WRITE_OBJECT},
    auth=scoped(Scope.REGISTRATIONS_WRITE),
)
def cancel(
    request: HttpRequest, registration_id: Id, payload: CancelIn | None = None
) -> Registration:
    """Cancel; a confirmed place that frees up goes to the first child waiting."""
    token = the_token(request)
    found = get_visible_or_404(Registration, request.user, pk=registration_id)
    registration_cancel(
        actor=token.user, registration=found, reason=payload.reason if payload else ""
    )
    return _registrations(request).get(pk=found.pk)
