"""The background job that sends an issue, batch by batch, each subscriber at most once.

Per batch: one connection to the mail server, and each subscriber claimed in the send log
before its mail leaves (the unique (issue, subscriber) row). A second run of the job, or a
resumed one, skips whoever was sent; a row a dead worker left claimed is not sent again
either (the mail may have left). A refused address is a failed row with the server's answer;
a server that cannot be reached stops the job, and the issue is "interrupted": resuming it
retries the failed rows and goes on with the rest.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core.jobs import job_finish, job_progress
from maillage.core.models import Job, JobStatus
from maillage.newsletter import mails, queries
from maillage.newsletter.models import (
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    Subscriber,
)
from maillage.newsletter.services import issue_interrupted

log = logging.getLogger(__name__)

# A refusal of one message: the connection still works for the next ones.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
    UnicodeError,
    ValueError,
)


def batch_size() -> int:
    return max(1, settings.MAILLAGE_NEWSLETTER_BATCH_SIZE)


def _claim(issue: Issue, subscriber: Subscriber) -> Delivery | None:
    """The subscriber's row in the send log, now "sending", or None if another run has it."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                organisation_id=issue.organisation_id,
                issue=issue,
                subscriber=subscriber,
                status=DeliveryStatus.SENDING,
            )
    except IntegrityError:
        # A failed row from an earlier run is retried; anything else is someone else's.
        taken = Delivery.objects.filter(
            issue=issue, subscriber=subscriber, status=DeliveryStatus.FAILED
        ).update(status=DeliveryStatus.SENDING, error="", at=timezone.now())
        if not taken:
            return None
        return Delivery.objects.get(issue=issue, subscriber=subscriber)


def _record(delivery: Delivery, status: str, error: str = "") -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, error=error[:500], at=timezone.now()
    )


def _error_text(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = error.recipients.values()
        parts = [f"{code} {reply.decode(errors='replace')}" for code, reply in replies]
        return "; ".join(parts) or str(error)
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"{error.smtp_code} {text}"
    return str(error) or error.__class__.__name__


def send_batch(issue: Issue, rendered: mails.Rendered, batch: list[Subscriber]) -> int:
    """Send one batch over one connection; returns how many rows it settled.

    Each mail is claimed before it leaves (at most one mail's fate is unknown if the worker
    dies); the ones that left are marked sent together at the end of the batch. A worker
    killed before that leaves them "sending": unknown, so never sent again, which they were.
    """
    settled = 0
    sent: list[int] = []
    try:
        with mail.mailers.default as connection:
            for subscriber in batch:
                delivery = _claim(issue, subscriber)
                if delivery is None:
                    continue
                message = mails.issue_message(rendered, issue, subscriber)
                try:
                    connection.send_messages([message])
                except MESSAGE_ERRORS as error:
                    _record(delivery, DeliveryStatus.FAILED, _error_text(error))
                except Exception as error:
                    # The server went away: this mail may not have left, retry it on resume.
                    _record(delivery, DeliveryStatus.FAILED, _error_text(error))
                    raise
                else:
                    sent.append(delivery.pk)
                settled += 1
    finally:
        Delivery.objects.filter(pk__in=sent).update(status=DeliveryStatus.SENT, at=timezone.now())
    return settled


def run(job: Job, issue: Issue) -> None:
    rendered = mails.render_issue(issue)
    settled = Delivery.objects.filter(issue=issue).exclude(status=DeliveryStatus.FAILED).count()
    total = settled + queries.recipients(issue).count()
    job.total = total
    job_progress(job, done=settled, total=total, message=_("Sending…"))
    last_pk = 0
    size = batch_size()
    while True:
        batch = list(queries.recipients(issue).filter(pk__gt=last_pk)[:size])
        if not batch:
            break
        last_pk = batch[-1].pk
        settled += send_batch(issue, rendered, batch)
        job_progress(job, done=min(settled, total), total=total, message=_("Sending…"))


@task()
def send_issue(job_id: str) -> None:
    job = Job.objects.select_related("organisation").get(pk=job_id)
    issue_pk = job.params.get("issue")
    issue = Issue.objects.select_related("organisation").get(pk=issue_pk)
    if issue.status == IssueStatus.SENT:
        job_finish(job, status=JobStatus.DONE, message=_("This issue has been sent already."))
        return
    try:
        with translation.override(settings.LANGUAGE_CODE):
            run(job, issue)
            log_ = queries.send_log(issue)
            Issue.objects.filter(pk=issue.pk).update(
                status=IssueStatus.SENT, sent_at=timezone.now()
            )
            job_finish(
                job,
                status=JobStatus.DONE,
                message=_("Sent: %(sent)s, failed: %(failed)s.")
                % {"sent": log_.sent, "failed": log_.failed},
            )
    except Exception:
        log.exception("Sending of newsletter issue %s stopped", issue_pk)
        issue_interrupted(issue.pk)
        with translation.override(settings.LANGUAGE_CODE):
            job_finish(
                job,
                status=JobStatus.FAILED,
                message=_(
                    "The sending stopped before the end (the mail server could not be "
                    "reached). Resume it from the issue's page."
                ),
            )
        raise


def send_abandoned(job: Job) -> None:
    """The worker died: the issue can be resumed instead of "sending" for ever."""
    issue_pk: Any = job.params.get("issue")
    if issue_pk is not None:
        issue_interrupted(int(issue_pk))
