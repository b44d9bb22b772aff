"""The REST API, /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

Built on django-ninja: its pydantic schemas come from the same type hints our typed services
use, and the OpenAPI document is generated from them, so there is no second description to
keep in sync; bad input is answered as JSON without code of ours; and its operations are
plain Django views underneath, so our middleware, the audit's request context and the
scoping apply unchanged. No serializer layer repeats the forms: writes call the services.
"""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI

from maillage.api import errors
from maillage.api.auth import RateLimit
from maillage.api.routers import absences, activities, directory, registrations, signals

DESCRIPTION = """
Read the network's directory and activities; with a token of your organisation, read and
write its registrations, absences and signals.

Authentication: `Authorization: Bearer mlg_…` (a token made on the page /api/jetons/ of
the organisation, with the permissions it needs). Lists take `limit` (at most 100) and
`offset`, and answer `{"items": […], "count": n}`. Errors are `{"detail": "…"}`, or for bad
input (422) `{"detail": [{"field", "message", "row"}]}`, in French.
"""

api = NinjaAPI(
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
