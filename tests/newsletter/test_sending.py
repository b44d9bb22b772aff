"""Sending an issue in the background: only confirmed subscribers of the organisation get
it, each once even if the job runs again, each mail with its own unsubscribe link and the
RFC 8058 headers; one SMTP connection per batch; a refused address is logged with the
server's answer; a server out of reach interrupts the sending, which resumes where it was."""

from __future__ import annotations

import socket

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from maillage.core.models import Job, JobStatus
from maillage.newsletter import services
from maillage.newsletter.models import (
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    Subscriber,
    SubscriberStatus,
)
from maillage.newsletter.sending import run
from tests.newsletter.smtp_server import SmtpServer

# The worker runs in its own transactions, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def work() -> None:
    call_command("db_worker", "--batch", "--interval", "0")


@pytest.fixture
def audience(make_subscriber, org_b):
    """Three confirmed subscribers of A, one waiting, one gone; one of B."""
    confirmed = [make_subscriber(f"{name}@example.org") for name in ("ana", "bert", "cleo")]
    make_subscriber("attente@example.org", SubscriberStatus.PENDING)
    make_subscriber("parti@example.org", SubscriberStatus.UNSUBSCRIBED)
    make_subscriber("beta@example.org", organisation=org_b)
    return confirmed


@pytest.fixture
def issue(coordinator, org_a, make_news, make_activity):
    return services.issue_create(
        actor=coordinator,
        organisation=org_a,
        subject="Lettre Infos de printemps",
        introduction="Bonjour à toutes et à tous,\n\nVoici nos nouvelles.",
        news=[make_news("Fête de quartier réussie")],
        activities=[make_activity("Stage cirque")],
    )


def start(login, coordinator, issue, capture):
    with capture(execute=True):
        response = login(coordinator).post(reverse("newsletter:issue_send", args=[issue.pk]))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job", args=[job.pk])
    return job


def test_only_confirmed_subscribers_get_the_issue_with_their_own_unsubscribe_link(
    login, coordinator, issue, audience, django_capture_on_commit_callbacks
):
    job = start(login, coordinator, issue, django_capture_on_commit_callbacks)
    assert not mail.outbox  # by the worker, not the request
    work()
    assert sorted(m.to[0] for m in mail.outbox) == [s.email for s in audience]
    for subscriber in audience:
        [message] = [m for m in mail.outbox if m.to == [subscriber.email]]
        link = "http://127.0.0.1:8000" + reverse(
            "newsletter:unsubscribe", args=["amo-alpha", subscriber.unsubscribe_token]
        )
        assert message.subject == "Lettre Infos de printemps"
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and link in html
        assert "Fête de quartier réussie" in message.body and "Stage cirque" in html
        activity = issue.activities.get()
        assert reverse("activities:public_activity", args=[activity.pk]) in message.body
        assert "Voici nos nouvelles." in message.body and "<p>Voici nos nouvelles.</p>" in html
        assert "Se désinscrire" in html
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == job.total == 3
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.sent_at is not None
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 3

    # Never twice: the page no longer offers it and the service refuses.
    page = login(coordinator).get(reverse("newsletter:issue", args=[issue.pk])).content.decode()
    assert "Envoyer le numéro" not in page
    with pytest.raises(ValidationError) as caught:
        services.issue_send(actor=coordinator, issue=issue)
    assert "déjà été envoyé" in caught.value.messages[0]
    log = login(coordinator).get(reverse("newsletter:issue_log", args=[issue.pk]))
    assert log.status_code == 200 and "<dd>3</dd>" in log.content.decode()


def test_running_the_job_twice_sends_each_subscriber_once(
    coordinator, issue, audience, django_capture_on_commit_callbacks, settings
):
    settings.MAILLAGE_NEWSLETTER_BATCH_SIZE = 2
    with django_capture_on_commit_callbacks(execute=True):
        job = services.issue_send(actor=coordinator, issue=issue)
    # The same job twice, as a worker would after a crash before it could say so.
    run(job, issue)
    run(job, issue)
    assert sorted(m.to[0] for m in mail.outbox) == [s.email for s in audience]
    # And the queued task on top: it finds everyone served.
    work()
    assert len(mail.outbox) == 3
    assert Delivery.objects.count() == 3


def test_an_interrupted_sending_resumes_with_those_not_served(
    login, coordinator, issue, audience, django_capture_on_commit_callbacks, settings
):
    settings.MAILLAGE_NEWSLETTER_BATCH_SIZE = 2
    ana, bert, cleo = audience
    # A first run served Ana, failed on Bert, died while sending to Cléo.
    Delivery.objects.create(
        issue=issue, subscriber=ana, organisation=issue.organisation, status="sent"
    )
    Delivery.objects.create(
        issue=issue, subscriber=bert, organisation=issue.organisation, status="failed", error="421"
    )
    Delivery.objects.create(
        issue=issue, subscriber=cleo, organisation=issue.organisation, status="sending"
    )
    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.INTERRUPTED)
    dora = Subscriber.objects.create(
        organisation=issue.organisation, email="dora@example.org", status="confirmed"
    )
    detail = login(coordinator).get(reverse("newsletter:issue", args=[issue.pk]))
    assert "Reprendre l" in detail.content.decode()
    start(login, coordinator, issue, django_capture_on_commit_callbacks)
    work()
    # Bert (failed) is retried, Dora is new; Ana got it already, Cléo maybe did.
    assert sorted(m.to[0] for m in mail.outbox) == [bert.email, dora.email]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_refused_addresses_are_logged_and_each_batch_uses_one_connection(
    login, coordinator, issue, make_subscriber, django_capture_on_commit_callbacks, settings
):
    settings.MAILLAGE_NEWSLETTER_BATCH_SIZE = 2
    for name in ("a1", "refuse-b2", "c3", "d4", "e5"):
        make_subscriber(f"{name}@example.org")
    with SmtpServer() as server:
        settings.MAILERS = server.mailer()
        start(login, coordinator, issue, django_capture_on_commit_callbacks)
        work()
    assert server.received.connections == 3  # 5 subscribers in batches of 2
    assert sorted(server.received.recipients) == [
        "a1@example.org",
        "c3@example.org",
        "d4@example.org",
        "e5@example.org",
    ]
    raw = server.received.messages[0][1].decode()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    assert "multipart/alternative" in raw
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.subscriber.email == "refuse-b2@example.org"
    assert "550" in failed.error
    page = login(coordinator).get(reverse("newsletter:issue_log", args=[issue.pk])).content
    text = page.decode()
    assert "refuse-b2@example.org" in text and "550 5.1.1 Mailbox unavailable" in text
    assert Issue.objects.get().status == IssueStatus.SENT
    assert Job.objects.get().message == "Envoyés : 4, échecs : 1."


def test_a_mail_server_out_of_reach_interrupts_and_the_sending_resumes(
    login, coordinator, issue, audience, django_capture_on_commit_callbacks, settings
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }
    first = start(login, coordinator, issue, django_capture_on_commit_callbacks)
    work()
    first.refresh_from_db()
    assert first.status == JobStatus.FAILED
    assert "Reprenez-le" in first.message
    issue.refresh_from_db()
    assert issue.status == IssueStatus.INTERRUPTED
    assert not Delivery.objects.filter(status=DeliveryStatus.SENT).exists()

    with SmtpServer() as server:
        settings.MAILERS = server.mailer()
        with django_capture_on_commit_callbacks(execute=True):
            resumed = services.issue_send(actor=coordinator, issue=issue)
        work()
    resumed.refresh_from_db()
    assert resumed.status == JobStatus.DONE
    assert sorted(server.received.recipients) == [s.email for s in audience]
    assert Issue.objects.get().status == IssueStatus.SENT


def test_a_sending_whose_worker_died_can_be_resumed(coordinator, issue, audience, settings):
    from datetime import timedelta

    from django.utils import timezone

    from maillage.core.jobs import job_expire_stale

    job = services.issue_send(actor=coordinator, issue=issue)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, updated_at=timezone.now() - timedelta(hours=1)
    )
    assert job_expire_stale() == 1
    issue.refresh_from_db()
    assert issue.status == IssueStatus.INTERRUPTED and issue.can_send
