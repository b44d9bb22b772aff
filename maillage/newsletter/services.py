"""Writes of the newsletter: subscriptions with double opt-in, issues and their sending.

A visitor's subscription never tells whether the address was known: the same answer, and
a confirmation mail only when one is due (new, waiting, or unsubscribed before). The mail
leaves once the transaction commits; a mail server that fails is logged, never shown to the
visitor. Audit entries name a subscriber by its masked address only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities.models import Activity
from maillage.core.audit import audit_log
from maillage.core.jobs import job_start
from maillage.core.models import Job, Organisation, User
from maillage.core.validation import Errors, raise_errors
from maillage.newsletter import mails
from maillage.newsletter.models import (
    Issue,
    IssueStatus,
    Subscriber,
    SubscriberStatus,
    new_token,
    token_digest,
)
from maillage.website.models import NewsPost

log = logging.getLogger(__name__)

JOB_KIND = "newsletter.issue_send"
SUBJECT_MAX = 200


def _send_confirmation(subscriber_pk: int, token: str) -> None:
    subscriber = Subscriber.objects.select_related("organisation").get(pk=subscriber_pk)
    try:
        mails.confirmation_message(subscriber, token).send()
    except Exception:
        # The visitor's answer is the same either way; they may ask again.
        log.exception("Newsletter confirmation mail %s failed", subscriber_pk)


def subscribe_errors(email: str, consent: bool) -> Errors:
    errors: Errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address, for example nom@exemple.be.")]
    if not consent:
        errors["consent"] = [_("Tick the box to agree to receive the newsletter.")]
    return errors


@transaction.atomic
def newsletter_subscribe(
    *, organisation: Organisation, email: str, consent: bool
) -> Subscriber | None:
    """Ask for a subscription; the confirmation mail follows unless it is confirmed already.

    Returns the subscription waiting for confirmation, None when nothing was due: the view
    must answer the same in both cases."""
    email = (email or "").strip().lower()
    raise_errors(subscribe_errors(email, consent))
    subscriptions_purge_expired(organisation=organisation)
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(organisation=organisation, email=email)
        .first()
    )
    if subscriber is not None and subscriber.status == SubscriberStatus.CONFIRMED:
        return None
    token = new_token()
    now = timezone.now()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    organisation=organisation,
                    email=email,
                    requested_at=now,
                    confirm_digest=token_digest(token),
                )
        except IntegrityError:
            return None  # the same address sent twice at once: the first one mails
    else:
        # Waiting, or unsubscribed before: a new link, valid 7 days from now.
        subscriber.status = SubscriberStatus.PENDING
        subscriber.requested_at = now
        subscriber.confirm_digest = token_digest(token)
        subscriber.save(update_fields=["status", "requested_at", "confirm_digest"])
    audit_log(actor=None, action="newsletter.subscription.requested", target=subscriber)
    pk = subscriber.pk
    transaction.on_commit(lambda: _send_confirmation(pk, token), robust=True)
    return subscriber


@transaction.atomic
def subscription_confirm(*, subscriber: Subscriber) -> Subscriber:
    """The owner of the address clicked the button of the confirmation page."""
    if subscriber.status != SubscriberStatus.PENDING or subscriber.confirmation_expired():
        raise ValidationError(_("This confirmation link has expired. Please subscribe again."))
    subscriber.status = SubscriberStatus.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.confirm_digest = ""
    subscriber.save(update_fields=["status", "confirmed_at", "confirm_digest"])
    audit_log(actor=None, action="newsletter.subscription.confirmed", target=subscriber)
    return subscriber


@transaction.atomic
def subscription_cancel(*, subscriber: Subscriber, one_click: bool = False) -> Subscriber:
    """Unsubscribe, from the page's button or a mail client's one-click POST. Idempotent."""
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return subscriber
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.confirm_digest = ""
    subscriber.save(update_fields=["status", "unsubscribed_at", "confirm_digest"])
    audit_log(
        actor=None,
        action="newsletter.subscription.cancelled",
        target=subscriber,
        changes={"one_click": one_click},
    )
    return subscriber


def subscriptions_purge_expired(*, organisation: Organisation | None = None) -> int:
    """Forget the subscriptions never confirmed within 7 days; an address that had
    unsubscribed before and asked again goes back to unsubscribed. Returns how many."""
    expired = Subscriber.objects.expired()
    if organisation is not None:
        expired = expired.filter(organisation=organisation)
    back = expired.filter(unsubscribed_at__isnull=False).update(
        status=SubscriberStatus.UNSUBSCRIBED, confirm_digest=""
    )
    deleted, _by_model = expired.filter(unsubscribed_at__isnull=True).delete()
    return back + deleted


# --- Issues ---


def _selection_errors(
    organisation: Organisation, news: list[NewsPost], activities: list[Activity]
) -> Errors:
    errors: Errors = {}
    published = set(
        NewsPost.objects.published()
        .filter(organisation=organisation, pk__in=[p.pk for p in news])
        .values_list("pk", flat=True)
    )
    if any(post.pk not in published for post in news):
        errors["news"] = [_("Choose among your organisation's published news.")]
    public = set(
        Activity.objects.published()
        .filter(organisation=organisation, pk__in=[a.pk for a in activities])
        .values_list("pk", flat=True)
    )
    if any(activity.pk not in public for activity in activities):
        errors["activities"] = [_("Choose among your organisation's public activities.")]
    return errors


def _issue_errors(
    organisation: Organisation,
    subject: str,
    news: list[NewsPost],
    activities: list[Activity],
) -> Errors:
    errors: Errors = {}
    if not subject:
        errors["subject"] = [_("Give the subject of the mail.")]
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = [
            _("The subject is at most %(max)s characters long.") % {"max": SUBJECT_MAX}
        ]
    return errors | _selection_errors(organisation, news, activities)


@transaction.atomic
def issue_create(
    *,
    actor: User,
    organisation: Organisation,
    subject: str,
    introduction: str = "",
    news: Iterable[NewsPost] = (),
    activities: Iterable[Activity] = (),
) -> Issue:
    subject, news, activities = subject.strip(), list(news), list(activities)
    raise_errors(_issue_errors(organisation, subject, news, activities))
    issue = Issue.objects.create(
        organisation=organisation,
        subject=subject,
        introduction=introduction.strip(),
        created_by=actor,
    )
    issue.news.set(news)
    issue.activities.set(activities)
    audit_log(
        actor=actor,
        action="newsletter.issue.created",
        target=issue,
        changes={"news": len(news), "activities": len(activities)},
    )
    return issue


@transaction.atomic
def issue_update(
    *,
    actor: User,
    issue: Issue,
    subject: str,
    introduction: str = "",
    news: Iterable[NewsPost] = (),
    activities: Iterable[Activity] = (),
) -> Issue:
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if not issue.editable:
        raise ValidationError(_("This issue has been sent: it can no longer be changed."))
    subject, news, activities = subject.strip(), list(news), list(activities)
    raise_errors(_issue_errors(issue.organisation, subject, news, activities))
    issue.subject, issue.introduction = subject, introduction.strip()
    issue.save(update_fields=["subject", "introduction", "updated_at"])
    issue.news.set(news)
    issue.activities.set(activities)
    audit_log(
        actor=actor,
        action="newsletter.issue.updated",
        target=issue,
        changes={"news": len(news), "activities": len(activities)},
    )
    return issue


@transaction.atomic
def issue_send(*, actor: User, issue: Issue) -> Job:
    """Start sending a draft, or resume an interrupted sending, in the background."""
    issue = Issue.objects.select_for_update().select_related("organisation").get(pk=issue.pk)
    if not issue.can_send:
        if issue.status == IssueStatus.SENDING:
            raise ValidationError(_("This issue is being sent already."))
        raise ValidationError(_("This issue has been sent already: it is not sent twice."))
    if not Subscriber.objects.filter(organisation=issue.organisation).confirmed().exists():
        raise ValidationError(
            _("Nobody has confirmed a subscription yet: there is no one to send to.")
        )
    resumed = issue.status == IssueStatus.INTERRUPTED
    job = job_start(
        owner=actor,
        organisation=issue.organisation,
        kind=JOB_KIND,
        label=_("Sending of the newsletter: %(subject)s") % {"subject": issue.subject},
        params={
            "issue": issue.pk,
            "next": reverse("newsletter:issue_log", kwargs={"pk": issue.pk}),
        },
    )
    issue.status = IssueStatus.SENDING
    issue.job = job
    issue.save(update_fields=["status", "job", "updated_at"])
    audit_log(
        actor=actor,
        action="newsletter.issue.resumed" if resumed else "newsletter.issue.sent",
        target=issue,
    )
    return job


def issue_interrupted(issue_pk: int, **_extra: Any) -> None:
    """The sending stopped before the end: the issue can be resumed."""
    Issue.objects.filter(pk=issue_pk, status=IssueStatus.SENDING).update(
        status=IssueStatus.INTERRUPTED
    )
