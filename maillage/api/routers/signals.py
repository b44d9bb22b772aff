"""Signals of the token's organisation: read with `signals:read`, record one with
`signals:write` (through `signal_create`, as the team's form does). The follow-up a signal
may have become is never exposed, nor what was said (the details) or why it was closed."""

from datetime import date
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Discriminator, Tag

from maillage.api.auth import scoped, the_token
from maillage.api.errors import WITH_OBJECT, WITH_TOKEN, WRITE
from maillage.api.fields import Date, Id, JsonId, Pagination, Text
from maillage.api.models import Scope
from maillage.core.scoping import get_visible_or_404
from maillage.core.validation import raise_errors
from maillage.people.models import Person
from maillage.schooling.models import Enrolment, School, Signal, SignalSource, SignalStatus
from maillage.schooling.signalling import signal_create

router = Router(tags=["signals"])


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: date | None


class SignalOut(Schema):
    id: int
    person: PersonOut
    source: SignalSource
    status: SignalStatus
    school: int | None = Field(..., alias="school_id")
    school_year: str | None
    raised_on: date
    half_days: int | None = Field(..., description="Unjustified half-days, for a threshold.")
    closed_on: date | None

    @staticmethod
    def resolve_school_year(signal: Signal) -> str | None:
        return signal.school_year.label if signal.school_year else None


class SignalFilter(Schema):
    status: SignalStatus | None = None
    source: SignalSource | None = None


def _signals(request: HttpRequest) -> QuerySet[Signal]:
    rows: QuerySet[Signal] = (
        Signal.objects.visible_to(request.user)
        .select_related("person", "school_year")
        .defer("details", "close_reason")
    )
    return rows


@router.get(
    "/signals", response={200: list[SignalOut], **WITH_TOKEN}, auth=scoped(Scope.SIGNALS_READ)
)
@paginate(Pagination)
def signals(request: HttpRequest, filters: Query[SignalFilter]) -> QuerySet[Signal]:
    """The organisation's signals, the latest first."""
    rows = _signals(request)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.source:
        rows = rows.filter(source=filters.source)
    return rows.order_by("-raised_on", "-pk")


@router.get(
    "/signals/{signal_id}",
    response={200: SignalOut, **WITH_OBJECT},
    auth=scoped(Scope.SIGNALS_READ),
)
def signal(request: HttpRequest, signal_id: Id) -> Signal:
    found: Signal = get_visible_or_404(_signals(request), request.user, pk=signal_id)
    return found


class _NewSignal(Schema):
    model_config = {"extra": "forbid"}

    # Those of SignalSource a person may choose: a threshold's signals come from absences.
    source: Literal["school", "cpms", "family", "other"] = Field(
        ..., description="Who signals: school, cpms, family or other."
    )
    raised_on: Date
    details: Text = Field(
        "", max_length=4000, description="What was said; encrypted, never read back."
    )


class SignalOfPerson(_NewSignal):
    """A signal about a young person named by their id."""

    person: JsonId = Field(..., description="Id of the young person.")
    school: JsonId | None = Field(None, description="Id of the school concerned, if any.")


class SignalOfPupil(_NewSignal):
    """A signal about a pupil named as their school knows them."""

    school: JsonId = Field(..., description="Id of the school that enrolled the pupil.")
    matricule: Text = Field(
        ..., min_length=1, max_length=50, description="The school's pupil number."
    )


def _kind(value: Any) -> str:
    """Which of the two a body is: the one with a pupil number is a pupil's (anything else
    is checked as a person's, whose errors then say what is missing)."""
    if isinstance(value, SignalOfPupil) or (isinstance(value, dict) and "matricule" in value):
        return "SignalOfPupil"
    return "SignalOfPerson"


# Either `person`, or `school` and `matricule`: the document says so (oneOf), so a body
# that follows it is never refused for naming the young person the wrong way.
SignalIn = Annotated[
    Annotated[SignalOfPerson, Tag("SignalOfPerson")]
    | Annotated[SignalOfPupil, Tag("SignalOfPupil")],
    Discriminator(_kind),
]


def _person(request: HttpRequest, payload: SignalOfPerson | SignalOfPupil) -> Person | None:
    """The young person, by id or by the pupil number their school knows them by."""
    if isinstance(payload, SignalOfPerson):
        return Person.objects.visible_to(request.user).filter(pk=payload.person).first()
    enrolment = (
        Enrolment.objects.visible_to(request.user)
        .filter(school_id=payload.school, matricule=payload.matricule.strip())
        .select_related("person")
        .order_by("-school_year__starts_on")
        .first()
    )
    return enrolment.person if enrolment is not None else None


@router.post("/signals", response={201: SignalOut, **WRITE}, auth=scoped(Scope.SIGNALS_WRITE))
def create(request: HttpRequest, payload: Body[SignalIn]) -> Status[Any]:
    """Record a signal entered by hand (not a threshold's: those come from the absences)."""
    token = the_token(request)
    school = None
    if payload.school is not None:
        school = School.objects.visible_to(request.user).filter(pk=payload.school).first()
        if school is None:
            raise_errors({"school": [_("Choose a school from the list.")]})
    person = _person(request, payload)
    if person is None:
        raise ValidationError({"person": [_("This person cannot be chosen.")]})
    made = signal_create(
        actor=token.user,
        organisation=token.organisation,
        person=person,
        source=payload.source,
        raised_on=payload.raised_on,
        school=school,
        details=payload.details,
    )
    return Status(201, _signals(request).get(pk=made.pk))
