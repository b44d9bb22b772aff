"""The newsletter's team pages run as many queries for many rows as for a few."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.newsletter.models import Delivery, DeliveryStatus, Issue, IssueStatus

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(org, make_subscriber, make_news, issue, start: int, count: int) -> None:
    for n in range(start, start + count):
        subscriber = make_subscriber(f"abonne{n}@example.org")
        Delivery.objects.create(
            organisation=org,
            issue=issue,
            subscriber=subscriber,
            status=DeliveryStatus.FAILED,
            error="550 boîte inconnue",
        )
        make_news(title=f"Nouvelle {n}")
        Issue.objects.create(organisation=org, subject=f"Lettre {n}")


def test_the_team_pages_cost_the_same_for_two_or_ten(
    login, coordinator, org_a, make_subscriber, make_news
):
    client = login(coordinator)
    issue = Issue.objects.create(organisation=org_a, subject="Lettre", status=IssueStatus.SENT)
    _grow(org_a, make_subscriber, make_news, issue, 0, 2)
    urls = [
        reverse("newsletter:index"),
        reverse("newsletter:subscribers"),
        reverse("newsletter:issue_create"),
        reverse("newsletter:issue_log", args=[issue.pk]),
    ]
    few = [_queries(client, url) for url in urls]
    _grow(org_a, make_subscriber, make_news, issue, 2, 8)
    assert [_queries(client, url) for url in urls] == few
