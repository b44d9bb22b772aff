"""Tokens and objects of the API tests.

`token_for(org, *scopes)` makes a token of that organisation and returns a client sending it
(`api.get(path)`, `api.post(path, json)`); `all_scopes` is a client of A holding every
scope, `b_all` the same for B. `anon` sends no token.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maillage.activities.models import Activity, ActivityKind, PriceTier, Session
from maillage.api.models import ApiToken, Scope
from maillage.api.services import api_token_create
from maillage.core.models import Commune, Membership, Organisation, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.people.models import Person
from tests.api.schemathesis_run import live_server_on_loopback

BASE = "/api/v1"


class ApiClient:
    """A test client that sends a token (or none) and speaks JSON."""

    def __init__(self, secret: str | None, token: ApiToken | None = None) -> None:
        self.client = Client()
        self.secret = secret
        self.token = token
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, data: Any = None, *, raw: str | None = None) -> Any:
        body = raw if raw is not None else json.dumps(data, default=str)
        return self.client.post(
            BASE + path, body, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def admin_of(make_user: Callable[..., User]) -> Callable[[Organisation], User]:
    def make(organisation: Organisation) -> User:
        user = make_user(f"admin-{organisation.pk}@example.org", (organisation, Role.ADMINISTRATOR))
        bind_organisation(user, organisation.pk, frozenset({Role.ADMINISTRATOR}))
        return user

    return make


@pytest.fixture
def token_for(admin_of: Callable[[Organisation], User]) -> Callable[..., ApiClient]:
    def make(organisation: Organisation, *scopes: str, **extra: Any) -> ApiClient:
        actor = (
            admin_of(organisation)
            if not Membership.objects.filter(
                organisation=organisation, role=Role.ADMINISTRATOR
            ).exists()
            else _any_admin(organisation)
        )
        token, secret = api_token_create(
            actor=actor,
            organisation=organisation,
            name=extra.pop("name", "Logiciel scolaire"),
            scopes=list(scopes) or [Scope.ACTIVITIES_READ.value],
            **extra,
        )
        return ApiClient(secret, token)

    return make


def _any_admin(organisation: Organisation) -> User:
    user = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMINISTRATOR)
        .select_related("user")
        .first()
        .user  # type: ignore[union-attr]
    )
    bind_organisation(user, organisation.pk, frozenset({Role.ADMINISTRATOR}))
    return user


@pytest.fixture
def all_scopes(token_for: Callable[..., ApiClient], org_a: Organisation) -> ApiClient:
    return token_for(org_a, *Scope.values)


@pytest.fixture
def b_all(token_for: Callable[..., ApiClient], org_b: Organisation) -> ApiClient:
    return token_for(org_b, *Scope.values)


@pytest.fixture
def anon(db: Any) -> ApiClient:
    return ApiClient(None)


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def make_activity(commune: Commune) -> Callable[..., Activity]:
    def make(organisation: Organisation, **fields: Any) -> Activity:
        start = fields.pop("starts_on", today() + timedelta(days=7))
        values: dict[str, Any] = {
            "kind": ActivityKind.WORKSHOP,
            "title": "Atelier djembé",
            "starts_on": start,
            "ends_on": start + timedelta(days=4),
            "commune": commune,
            "place": "Salle des fêtes",
            "age_min": 8,
            "age_max": 14,
            "places": 2,
            "is_public": True,
            "registration_open": True,
            **fields,
        }
        activity = Activity.objects.create(organisation=organisation, **values)
        Session.objects.create(
            organisation=organisation,
            activity=activity,
            date=start,
            starts_at=time(14),
            ends_at=time(16),
        )
        return activity

    return make


@pytest.fixture
def camp(make_activity: Callable[..., Activity], org_a: Organisation) -> Activity:
    """A public activity of A, open to online registration, two places, one price."""
    activity = make_activity(org_a, title="Stage nature")
    PriceTier.objects.create(
        organisation=org_a, activity=activity, label="Plein tarif", amount="60.00"
    )
    return activity


@pytest.fixture
def private_activity(make_activity: Callable[..., Activity], org_a: Organisation) -> Activity:
    return make_activity(org_a, title="Atelier interne", is_public=False, registration_open=False)


@pytest.fixture
def make_person() -> Callable[..., Person]:
    def make(organisation: Organisation, first_name: str = "Lina", **extra: Any) -> Person:
        extra.setdefault("birth_date", date(2015, 3, 14))
        return Person.objects.create(
            organisation=organisation, first_name=first_name, last_name="Exemple", **extra
        )

    return make


@pytest.fixture
def served(transactional_db: Any, settings: Any) -> Iterator[str]:
    """The application served on loopback from another thread (tests/api/schemathesis_run.py),
    its base URL; the rate limit lifted, since a conformance run calls a thousand times."""
    settings.MAILLAGE_API_RATE_PER_MINUTE = 0
    with live_server_on_loopback() as url:
        yield url
