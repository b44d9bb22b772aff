"""POST /absences: a school's software (or the team's) pushes absence rows, the columns of
the absence import file, all or nothing. Needs `absences:write`."""

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from maillage.api.absences import absences_push
from maillage.api.auth import scoped, the_token
from maillage.api.errors import WRITE
from maillage.api.fields import JsonId, Text
from maillage.api.models import Scope
from maillage.core.validation import raise_errors
from maillage.schooling.models import School

router = Router(tags=["absences"])
MAX_ROWS = 1000


def _year(value: object) -> int | str:
    """A year of study as a number from 1 to 7, or as a school writes it ("3e"), which the
    import reads. One validator rather than a union, so that a refusal gets one message."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise PydanticCustomError("greater_than_equal", "too small")
        if value > 7:
            raise PydanticCustomError("less_than_equal", "too large")
        return value
    if isinstance(value, str):
        if len(value) > 10:
            raise PydanticCustomError("string_too_long", "too long")
        if "\x00" in value:
            raise PydanticCustomError("string_pattern_mismatch", "NUL")
        return value
    raise PydanticCustomError("int_type", "not a year")


Year = Annotated[
    int | str,
    PlainValidator(_year),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 7},
                {"type": "string", "maxLength": 10, "pattern": "^[^\\x00]*$"},
            ]
        }
    ),
]


class AbsenceRow(Schema):
    """One pupil and half-day, as a line of the absence import file (same values)."""

    model_config = {"extra": "forbid"}

    matricule: Text = Field(..., min_length=1, max_length=50)
    nom: Text = Field(..., min_length=1, max_length=100)
    prenom: Text = Field(..., min_length=1, max_length=100)
    date_naissance: Text = Field(
        ..., min_length=1, max_length=20, description="YYYY-MM-DD or dd/mm/yyyy."
    )
    date: Text = Field(..., min_length=1, max_length=20, description="YYYY-MM-DD or dd/mm/yyyy.")
    demi_jour: Text = Field(
        ..., min_length=1, max_length=20, description="“matin” or “après-midi” (AM / PM)."
    )
    statut: Text = Field(
        ..., min_length=1, max_length=30, description="présent, justifiée, injustifiée or retard."
    )
    motif: Text = Field("", max_length=300)
    annee: Year | None = Field(None, description="Year of study, 1 to 7 (a number, or “3e”…).")
    classe: Text = Field("", max_length=30)


class AbsencesIn(Schema):
    model_config = {"extra": "forbid"}

    school: JsonId | None = Field(
        None, description="Id of the school; by default the token's organisation, if a school."
    )
    rows: list[AbsenceRow] = Field(..., min_length=1, max_length=MAX_ROWS)


class AbsencesOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    duplicates: int


@router.post("/absences", response={200: AbsencesOut, **WRITE}, auth=scoped(Scope.ABSENCES_WRITE))
def push(request: HttpRequest, payload: AbsencesIn) -> Status[Any]:
    """Record absences; any row refused → 409 with every refused row, nothing written."""
    token = the_token(request)
    schools = School.objects.visible_to(request.user)
    if payload.school is None:
        school = schools.filter(organisation_id=token.organisation_id).first()
        if school is None:
            raise_errors({"school": [_("Give the id of the school these absences are from.")]})
    else:
        school = schools.filter(pk=payload.school).first()
        if school is None:
            raise_errors({"school": [_("This school is not in the directory.")]})
    assert school is not None
    rows = [row.model_dump() for row in payload.rows]
    result = absences_push(
        actor=token.user, organisation=token.organisation, school=school, rows=rows
    )
    if not result.committed:
        problems = [
            {"row": error.line, "field": error.column or "__all__", "message": error.message}
            for error in result.errors
        ] + [{"row": None, "field": "__all__", "message": text} for text in result.file_errors]
        return Status(409, {"detail": problems})
    counts = ("rows", "created", "updated", "unchanged", "duplicates")
    return Status(200, {name: getattr(result, name) for name in counts})
