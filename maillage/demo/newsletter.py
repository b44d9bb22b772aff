"""The demo's newsletter ("Lettre Infos") for the AMO: subscribers in every state and one
issue already sent, with its send log, so the team pages show what a real one looks like.

Addresses are invented (`@example.org`), reproducible from the seed; none comes from the
seeds. Called by the demo builder after the public site (it picks the published news).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from maillage.core.models import Organisation
from maillage.demo.accounts import AMO
from maillage.newsletter.models import (
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    Subscriber,
    SubscriberStatus,
)
from maillage.website.models import NewsPost


def _addresses(fake: Faker, count: int) -> list[str]:
    found: set[str] = set()
    while len(found) < count:
        name = slugify(f"{fake.first_name()}.{fake.last_name()}")
        found.add(f"{name}@example.org")
    return sorted(found)


def build_newsletter(*, fake: Faker, rng: random.Random, scale: float) -> int:
    """Returns the number of subscribers created."""
    organisation = Organisation.objects.filter(slug=AMO).first()
    if organisation is None:
        return 0
    now = timezone.now()
    count = max(8, round(40 * min(scale, 1)))
    subscribers = []
    for n, email in enumerate(_addresses(fake, count)):
        asked = now - timedelta(days=rng.randint(10, 400))
        # Mostly confirmed; a few never confirmed (still waiting) or gone.
        status = (
            SubscriberStatus.PENDING
            if n % 9 == 1
            else SubscriberStatus.UNSUBSCRIBED
            if n % 9 == 2
            else SubscriberStatus.CONFIRMED
        )
        if status == SubscriberStatus.PENDING:
            asked = now - timedelta(days=rng.randint(0, 5))
        subscribers.append(
            Subscriber(
                organisation=organisation,
                email=email,
                status=status,
                requested_at=asked,
                confirmed_at=None if status == SubscriberStatus.PENDING else asked,
                unsubscribed_at=now - timedelta(days=3)
                if status == SubscriberStatus.UNSUBSCRIBED
                else None,
            )
        )
    Subscriber.objects.bulk_create(subscribers)
    news = list(NewsPost.objects.filter(organisation=organisation).published()[:2])
    sent_at = now - timedelta(days=7)
    issue = Issue.objects.create(
        organisation=organisation,
        subject="Lettre Infos — les nouvelles du mois",
        introduction="Voici les nouvelles de l’AMO et les activités des prochaines semaines.",
        status=IssueStatus.SENT,
        sent_at=sent_at,
    )
    issue.news.set(news)
    confirmed = Subscriber.objects.filter(
        organisation=organisation, status=SubscriberStatus.CONFIRMED
    ).order_by("pk")
    Delivery.objects.bulk_create(
        Delivery(
            organisation=organisation,
            issue=issue,
            subscriber=subscriber,
            status=DeliveryStatus.SENT,
            at=sent_at,
        )
        for subscriber in confirmed
    )
    return len(subscribers)
