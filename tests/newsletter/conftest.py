"""Fixtures of the newsletter: an organisation's news and public activities, subscribers in
every state, and a manager (coordinator of A) who composes and sends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from maillage.activities.models import Activity, ActivityKind
from maillage.core.models import Commune, Organisation, User
from maillage.core.roles import Role
from maillage.newsletter.models import Subscriber, SubscriberStatus
from maillage.website.models import NewsPost


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coord@a.example", (org_a, Role.COORDINATOR), first_name="Chloé")


@pytest.fixture
def make_news(org_a: Organisation) -> Callable[..., NewsPost]:
    def make(title: str, *, days_ago: int = 1, **fields: Any) -> NewsPost:
        values: dict[str, Any] = {
            "organisation": org_a,
            "title": title,
            "text": f"Le texte de « {title} », avec tous les détails.",
            "published_at": timezone.now() - timedelta(days=days_ago),
            **fields,
        }
        return NewsPost.objects.create(**values)

    return make


@pytest.fixture
def make_activity(org_a: Organisation, commune: Commune) -> Callable[..., Activity]:
    def make(title: str, *, in_days: int = 10, **fields: Any) -> Activity:
        start = timezone.localdate() + timedelta(days=in_days)
        values: dict[str, Any] = {
            "organisation": org_a,
            "kind": ActivityKind.CAMP,
            "title": title,
            "commune": commune,
            "place": "Maison de quartier",
            "starts_on": start,
            "ends_on": start + timedelta(days=4),
            "is_public": True,
            **fields,
        }
        return Activity.objects.create(**values)

    return make


@pytest.fixture
def make_subscriber(org_a: Organisation) -> Callable[..., Subscriber]:
    def make(email: str, status: str = SubscriberStatus.CONFIRMED, **fields: Any) -> Subscriber:
        values: dict[str, Any] = {"organisation": org_a, "email": email, "status": status}
        if status == SubscriberStatus.CONFIRMED:
            values["confirmed_at"] = timezone.now()
        return Subscriber.objects.create(**values | fields)

    return make
