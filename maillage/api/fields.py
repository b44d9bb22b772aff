"""The types the API's schemas share, so that the OpenAPI document says exactly what the
server accepts and answers, and a client that follows it is never refused for its form.

- `Text`: every string a client sends, as a database can store it;
- `Id` (in a path or a query) and `JsonId` (in a body): an object's id, bounded by what a
  64-bit id column can hold (a larger number used to reach the database: a 500);
- `Date`, `Uuid`, `JsonBool`: what the document's types say and nothing more (pydantic alone
  also takes `0` for a date, "yes" for true, a UUID without its dashes);
- `Pagination`: `limit` and `offset` of every list, both bounded the same way;
- `Email` (in) and `EmailOrEmpty` (out): `format: email`, checked as the team's forms check;
- `OffsetTime` and `with_offset`: a wall-clock time of a day with that day's UTC offset,
  what the document's `format: time` (RFC 3339's full-time) means.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, BeforeValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from maillage.core.lookups import BIGINT_MAX

# Text as a database stores it: without NUL characters (PostgreSQL refuses them in text: a
# 500). The pattern says so in the document, for every client. (Half a surrogate pair, which
# JSON can escape and no database stores, pydantic refuses itself: "string_unicode".)
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]

# In a path or a query, where every value is text: "12" is read as 12.
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]


def _json_integer(value: object) -> object:
    """A JSON number, as `type: integer` means (12, or 12.0: JSON Schema counts a number
    with no fraction as an integer), never "12" nor true."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "not an integer")
    return value


# In a JSON body, where the document says integer: a number, never "12" nor true.
JsonId = Annotated[int, Field(ge=1, le=BIGINT_MAX), BeforeValidator(_json_integer)]
# In a JSON body: true or false, never "yes", 1 or "on".
JsonBool = Annotated[bool, Strict()]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", re.ASCII)


def _iso_date(value: object) -> object:
    """What `format: date` means, YYYY-MM-DD, and nothing pydantic would also take (a
    number of seconds since 1970, "20260105")."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_parsing", "not a date as YYYY-MM-DD")


def _uuid(value: object) -> object:
    """What `format: uuid` means: 8-4-4-4-12 hexadecimal digits."""
    if isinstance(value, uuid.UUID) or (isinstance(value, str) and _UUID.fullmatch(value)):
        return value
    raise PydanticCustomError("uuid_parsing", "not a UUID")


Date = Annotated[date, BeforeValidator(_iso_date)]
Uuid = Annotated[uuid.UUID, BeforeValidator(_uuid)]


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        # Named by its type: errors.py turns it into the French message.
        raise PydanticCustomError("email_invalid", "not an e-mail address") from None
    return value


Email = Annotated[
    str,
    Field(min_length=3, max_length=254, json_schema_extra={"format": "email"}),
    AfterValidator(_email),
]

# An address the team may have left empty (an organisation's, a service's): "" or an address.
EmailOrEmpty = Annotated[
    str,
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "email"}, {"type": "string", "maxLength": 0}]}
    ),
]


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description="How many items, at most.",
        )
        offset: int = Field(
            0, ge=0, le=BIGINT_MAX, description="How many items to skip, 0 for the first."
        )


# A time of day as RFC 3339 writes it, with its offset (what JSON Schema's `time` means).
# A string, not a `time`: Django's JSON encoder refuses times that carry an offset.
OffsetTime = Annotated[str, WithJsonSchema({"type": "string", "format": "time"})]


def with_offset(day: date, moment: time) -> str:
    """`moment` on `day` in Maillage's time zone, with that day's offset from UTC: 09:00 on
    a summer day in Brussels is "09:00:00+02:00", on a winter day "09:00:00+01:00"."""
    local = timezone.make_aware(datetime.combine(day, moment))
    offset = dt_timezone(local.utcoffset() or timedelta(0))
    return local.timetz().replace(tzinfo=offset).isoformat()
