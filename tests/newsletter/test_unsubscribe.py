"""Unsubscribing: the link of every mail shows a button and only its POST unsubscribes; a
mail client's one-click POST (RFC 8058, no CSRF token, no cookie) does the same. Subscribing
again afterwards asks for a confirmation again."""

from __future__ import annotations

import email.policy
from email.parser import BytesParser
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.newsletter import mails, services
from maillage.newsletter.models import Subscriber, SubscriberStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(make_subscriber):
    return make_subscriber("lea@example.org")


def url_of(subscriber):
    return reverse(
        "newsletter:unsubscribe",
        args=[subscriber.organisation.slug, subscriber.unsubscribe_token],
    )


def test_the_link_shows_a_button_and_the_post_unsubscribes(subscriber):
    client = Client(enforce_csrf_checks=True)
    page = client.get(url_of(subscriber))
    assert page.status_code == 200
    assert "Se désinscrire" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED  # opening is not unsubscribing

    done = client.post(url_of(subscriber))
    assert done.status_code == 200
    assert "Vous êtes désinscrit" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    again = client.get(url_of(subscriber)).content.decode()
    assert "déjà désinscrit" in again
    event = AuditEvent.objects.get(action="newsletter.subscription.cancelled")
    assert event.target_label == "l•••@example.org"
    assert event.changes == {"one_click": False}


def test_a_mail_clients_one_click_post_unsubscribes_without_csrf_token(subscriber):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        url_of(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    event = AuditEvent.objects.get(action="newsletter.subscription.cancelled")
    assert event.changes == {"one_click": True}
    # Once more: nothing changes, nothing breaks.
    assert client.post(url_of(subscriber), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert AuditEvent.objects.filter(action="newsletter.subscription.cancelled").count() == 1


def test_only_that_view_is_exempt_from_csrf(org_a):
    client = Client(enforce_csrf_checks=True)
    url = reverse("newsletter:subscribe", args=[org_a.slug])
    assert client.post(url, {"email": "x@example.org", "consent": "on"}).status_code == 403
    assert not Subscriber.objects.exists()


def test_an_unknown_token_or_another_organisations_slug_unsubscribes_nobody(
    client, subscriber, org_b
):
    wrong = reverse("newsletter:unsubscribe", args=[org_b.slug, subscriber.unsubscribe_token])
    assert client.post(wrong).status_code == 404
    unknown = reverse("newsletter:unsubscribe", args=[subscriber.organisation.slug, "inconnu"])
    assert client.post(unknown).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_subscribing_again_after_unsubscribing_asks_for_confirmation_again(
    client, subscriber, django_capture_on_commit_callbacks
):
    client.post(url_of(subscriber))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("newsletter:subscribe", args=[subscriber.organisation.slug]),
            {"email": "lea@example.org", "consent": "on"},
        )
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    [message] = mail.outbox
    assert "/confirmer/" in message.body


def test_asking_again_without_confirming_leaves_the_address_unsubscribed(
    client, subscriber, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from maillage.newsletter import services

    client.post(url_of(subscriber))
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_subscribe(
            organisation=subscriber.organisation, email="lea@example.org", consent=True
        )
    Subscriber.objects.update(requested_at=timezone.now() - timedelta(days=8))
    assert services.subscriptions_purge_expired() == 1
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.confirm_digest == ""


def test_the_one_click_header_reaches_mail_clients_exactly_as_written(
    subscriber, coordinator, settings
):
    """Read from the bytes sent, as a mail client reads them. A long address used to be
    folded into RFC 2047 encoded words (`=?utf-8?q?=3Chttps=3A//…`), which one-click
    unsubscribe (RFC 8058) does not decode."""
    settings.MAILLAGE_BASE_URL = "https://lettre.reseau-jeunesse-saint-gilles.example.org"
    issue = services.issue_create(
        actor=coordinator, organisation=subscriber.organisation, subject="Lettre de mai"
    )
    message = mails.issue_message(mails.render_issue(issue), issue, subscriber)
    raw = message.message().as_bytes()
    parsed = BytesParser(policy=email.policy.default).parsebytes(raw)
    link = settings.MAILLAGE_BASE_URL + url_of(subscriber)
    assert len(f"List-Unsubscribe: <{link}>") > 78  # long enough to have been folded
    assert parsed["List-Unsubscribe"] == f"<{link}>"
    assert dict(parsed.raw_items())["List-Unsubscribe"] == f"<{link}>"  # as on the wire
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert b"=?" not in raw.split(b"\n\n", 1)[0]  # no encoded word in any header
    assert parsed["Message-ID"].endswith("@lettre.reseau-jeunesse-saint-gilles.example.org>")

    # What the mail client then does: a POST to that address, and nothing more.
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(parsed["List-Unsubscribe"].strip("<>")).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_a_header_that_cannot_leave_unencoded_is_refused():
    from maillage.core.mail import unencoded_header

    for value in ("<https://exemple.org/désinscription>", "<https://a.example/>\r\nBcc: x@y"):
        with pytest.raises(ValueError):
            unencoded_header("List-Unsubscribe", value)
