"""The REST API, /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

Built on django-ninja: its pydantic schemas come from the same type hints our typed services
use, and the OpenAPI document is generated from them, so there is no second description to
keep in sync; bad input is answered as JSON without code of ours; and its operations are
plain Django views underneath, so our middleware, the audit's request context and the
scoping apply unchanged. No serializer layer repeats the forms: writes call the services.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from maillage.api import errors
from maillage.api.auth import RateLimit, anonymous
from maillage.api.routers import absences, activities, directory, registrations, signals

DESCRIPTION = """
Read the network's directory and activities; with a token of your organisation, read and
write its registrations, absences and signals.

Authentication: `Authorization: Bearer mlg_…` (a token made on the page /api/jetons/ of
the organisation, with the permissions it needs); the directory and the published activities
need none. Lists take `limit` (1 to 100) and `offset`, and answer `{"items": […], "count":
n}`. Errors are `{"detail": "…"}`, or for refused input `{"detail": [{"field", "message",
"row"}]}`, in French: 422 when the request does not match this document, 409 when it does
but a rule refuses it given the data (a full activity, a registration already cancelled…).
"""


class Document(OpenAPISchema):
    """The OpenAPI document, with each operation's own security: an operation that answers
    without a token lists the empty requirement `{}` beside the bearer token (OpenAPI's way
    of saying "optional"), so no client or tool takes the public directory for a private
    one."""

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        if security and anonymous in operation.auth_callbacks:
            return [{}, *security]
        return security


class MaillageAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return Document(self, path_prefix)


api = MaillageAPI(
    title="Maillage API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
    throttle=[RateLimit()],
)
errors.install(api)
api.add_router("/", directory.router)
api.add_router("/", activities.router)
api.add_router("/", registrations.router)
api.add_router("/", absences.router)
api.add_router("/", signals.router)
