"""Reads of the newsletter shared by the views, the services and the sending job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from maillage.activities.models import Activity
from maillage.core.models import Organisation
from maillage.newsletter.models import (
    Delivery,
    DeliveryStatus,
    Issue,
    Subscriber,
    SubscriberStatus,
    token_digest,
)
from maillage.website.models import NewsPost


def pending_by_token(organisation: Organisation, token: str) -> Subscriber | None:
    """The subscription a confirmation link is for, while it waits for confirmation."""
    return (
        Subscriber.objects.filter(
            organisation=organisation,
            status=SubscriberStatus.PENDING,
            confirm_digest=token_digest(token),
        )
        .select_related("organisation")
        .first()
    )


def by_unsubscribe_token(organisation: Organisation, token: str) -> Subscriber | None:
    return (
        Subscriber.objects.filter(organisation=organisation, unsubscribe_token=token)
        .select_related("organisation")
        .first()
    )


def subscriber_counts(subscribers: QuerySet[Subscriber]) -> dict[str, int]:
    """How many subscribers per status; every status present, zero when none."""
    counts = {status: 0 for status in SubscriberStatus.values}
    for row in subscribers.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def last_sent_at(organisation: Organisation) -> datetime | None:
    """When the organisation's latest issue went out: the news since then are new."""
    found: datetime | None = Issue.objects.filter(
        organisation=organisation, sent_at__isnull=False
    ).aggregate(last=Max("sent_at"))["last"]
    return found


def candidate_news(user: Any, *, since: datetime | None) -> QuerySet[NewsPost]:
    """The organisation's published news, those since the last issue if there was one."""
    posts = NewsPost.objects.visible_to(user).published().select_related("organisation")
    if since is not None:
        posts = posts.filter(published_at__gt=since)
    return posts.order_by("-published_at", "-pk")


def candidate_activities(user: Any, *, today: date) -> QuerySet[Activity]:
    """The organisation's activities on the public calendar that have not ended."""
    return (
        Activity.objects.visible_to(user)
        .published()
        .filter(ends_on__gte=today)
        .select_related("commune")
        .order_by("starts_on", "title", "pk")
    )


def recipients(issue: Issue) -> QuerySet[Subscriber]:
    """Who still has to get the issue: confirmed now, with no delivery or a failed one.

    A row left "sending" by a dead worker is never tried again (see DeliveryStatus)."""
    done = Delivery.objects.filter(
        issue=issue, status__in=[DeliveryStatus.SENT, DeliveryStatus.SENDING]
    ).values("subscriber_id")
    return (
        Subscriber.objects.filter(organisation_id=issue.organisation_id)
        .confirmed()
        .exclude(pk__in=done)
        .order_by("pk")
    )


@dataclass(frozen=True)
class SendLog:
    sent: int
    failed: int
    unknown: int
    failures: list[Delivery]


def send_log(issue: Issue) -> SendLog:
    counts = {status: 0 for status in DeliveryStatus.values}
    for row in issue.deliveries.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    failures = list(
        issue.deliveries.exclude(status=DeliveryStatus.SENT)
        .select_related("subscriber")
        .order_by("subscriber__email")
    )
    return SendLog(
        sent=counts[DeliveryStatus.SENT],
        failed=counts[DeliveryStatus.FAILED],
        unknown=counts[DeliveryStatus.SENDING],
        failures=failures,
    )


def issues_with_counts(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    return issues.annotate(
        sent_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    )
