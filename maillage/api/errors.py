"""Every error of the API is JSON: `{"detail": "<message>"}`, or for refused input
`{"detail": [{"field", "message", "row"}]}` with French messages at the place of the
mistake. Two kinds of refused input, two statuses, one shape:

- 422: the request does not match the OpenAPI document (pydantic's errors): the client's
  code is wrong, and a client that follows the document never gets one;
- 409: the request matches the document but a rule refuses it given the data as it is (the
  activity is full, the child too old, the registration already cancelled, an id in the body
  names nothing the token sees, an absence row the import refuses): the services' own
  ValidationErrors, with the messages the team's pages show, for a person to read.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from maillage.api.auth import ApiError


class ErrorItem(Schema):
    field: str
    message: str
    # For the rows of a list (absences): the row's position, 1 for the first.
    row: int | None = None


class Problem(Schema):
    detail: str


class InputProblem(Schema):
    detail: list[ErrorItem]


# The errors every operation may answer, for the OpenAPI document.
COMMON: dict[int, Any] = {400: Problem, 401: Problem, 422: InputProblem, 429: Problem}
PUBLIC_OBJECT: dict[int, Any] = {**COMMON, 404: Problem}
WITH_TOKEN: dict[int, Any] = {**COMMON, 403: Problem}
WITH_OBJECT: dict[int, Any] = {**WITH_TOKEN, 404: Problem}
# What a write may answer besides: a rule refused it (see above).
WRITE: dict[int, Any] = {**WITH_TOKEN, 409: InputProblem}
WRITE_OBJECT: dict[int, Any] = {**WITH_OBJECT, 409: InputProblem}


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    messages = {
        "missing": _("This value is required."),
        "extra_forbidden": _("Unknown field."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter a text."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "email_invalid": _("Enter a valid e-mail address."),
        "uuid_parsing": _("Enter a UUID."),
        "uuid_type": _("Enter a UUID."),
        "list_type": _("Enter a list."),
        "model_attributes_type": _("Enter an object."),
        "dict_type": _("Enter an object."),
        "enum": _("Choose a value from the list."),
        "literal_error": _("Choose a value from the list."),
        "too_long": _("Too many values."),
        "too_short": _("Too few values."),
        "string_too_long": _("This text is too long."),
        "string_too_short": _("This value is required."),
        # Text's pattern: the only one of the API's (see fields.py).
        "string_pattern_mismatch": _("Null characters are not allowed."),
        "string_unicode": _("This text holds a character that is not valid."),
        "greater_than_equal": _("This value is too small."),
        "greater_than": _("This value is too small."),
        "less_than_equal": _("This value is too large."),
        "less_than": _("This value is too large."),
    }
    return str(messages.get(kind) or error.get("msg") or _("This value is not valid."))


def schema_items(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pydantic's errors, located by a dotted field name; a position in `rows` is a row."""
    items = []
    for error in errors:
        # A union's branch appears in the location under its schema's class name (the tag of
        # a discriminated union is that name too): field names are lower case.
        loc = [
            part
            for part in error.get("loc", ())
            if part not in ("body", "query", "path")
            and not (isinstance(part, str) and part[:1].isupper())
        ]
        if loc and loc[0] in ("payload", "filters", "params", "pagination", "data"):
            loc = loc[1:]
        row = None
        if len(loc) >= 2 and loc[0] == "rows" and isinstance(loc[1], int):
            row, loc = loc[1] + 1, loc[2:]
        field = ".".join(str(part) for part in loc) or "__all__"
        items.append({"field": field, "message": _pydantic_message(error), "row": row})
    return items


def service_items(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """A service's ValidationError: its French messages by field (`__all__` for the rest)."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": message, "row": None}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "__all__", "message": message, "row": None} for message in exc.messages]


def install(api: NinjaAPI) -> None:
    def answer(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = answer(request, exc.status, exc.detail)
        if exc.status == 401:
            response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = answer(request, 401, _("This operation needs a token."))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return answer(request, 422, schema_items(list(exc.errors)))

    @api.exception_handler(DjangoValidationError)
    def on_service_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return answer(request, 409, service_items(exc))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return answer(request, 404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return answer(request, 403, _("This token may not do that."))

    @api.exception_handler(Throttled)
    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return answer(request, 429, _("Too many requests: wait a moment, then try again."))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja raises a 400 for a body it cannot parse, and nothing else here.
        if exc.status_code == 400:
            return answer(request, 400, _("The body is not valid JSON."))
        return answer(request, exc.status_code, str(exc))
