"""The demo's API token: published, like the demo's password, so that anyone trying the demo
can call the API at once (`curl -H "Authorization: Bearer …" …/api/v1/registrations`).

It belongs to the AMO, holds every scope and is made only with the demo's logins; a real
organisation's tokens are random and shown once (`maillage.api.services.api_token_create`).
"""

from __future__ import annotations

from maillage.api.models import ApiToken, Scope
from maillage.api.services import TOKEN_PREFIX, secret_hash, technical_email
from maillage.core.models import Organisation, User
from maillage.demo.accounts import AMO

DEMO_API_PREFIX = "demo2026"
DEMO_API_SECRET = "maillage-demo-api-token-not-for-real-data"  # noqa: S105 - published on purpose
DEMO_API_TOKEN = f"{TOKEN_PREFIX}_{DEMO_API_PREFIX}_{DEMO_API_SECRET}"


def build_api_token() -> ApiToken | None:
    organisation = Organisation.objects.filter(slug=AMO).first()
    if organisation is None:
        return None
    user = User.objects.create_user(
        technical_email(DEMO_API_PREFIX), None, first_name="Démonstration"
    )
    return ApiToken.objects.create(
        organisation=organisation,
        name="Démonstration",
        scopes=list(Scope.values),
        prefix=DEMO_API_PREFIX,
        secret_hash=secret_hash(DEMO_API_SECRET),
        user=user,
    )
