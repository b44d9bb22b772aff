"""The demo's newsletter: subscribers in every state and one issue sent, all invented."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse
from faker import Faker

from maillage.core.models import Organisation, OrganisationKind
from maillage.demo.accounts import AMO
from maillage.demo.newsletter import build_newsletter
from maillage.demo.website import build_website
from maillage.newsletter.models import Delivery, Issue, IssueStatus, Subscriber, SubscriberStatus

pytestmark = pytest.mark.django_db


def test_the_demo_amo_has_subscribers_and_a_sent_issue_with_its_log(commune, login, make_user):
    amo = Organisation.objects.create(
        name="AMO", slug=AMO, kind=OrganisationKind.AMO, commune=commune
    )
    fake = Faker("fr_BE")
    fake.seed_instance(7)
    build_website(fake=fake, rng=random.Random(7), scale=1.0)
    assert build_newsletter(fake=fake, rng=random.Random(7), scale=1.0) == 40

    statuses = set(Subscriber.objects.values_list("status", flat=True))
    assert statuses == set(SubscriberStatus.values)
    assert all(s.email.endswith("@example.org") for s in Subscriber.objects.all())
    [issue] = Issue.objects.all()
    assert issue.status == IssueStatus.SENT and issue.news.exists()
    confirmed = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).count()
    assert Delivery.objects.filter(issue=issue).count() == confirmed > 0
    coordinator = make_user("coordination@a.example", (amo, "coordinator"))
    page = login(coordinator).get(reverse("newsletter:issue_log", args=[issue.pk]))
    assert page.status_code == 200
    assert str(confirmed) in page.content.decode()
