"""The organisation's newsletter ("Lettre Infos"): its subscribers, its issues and their send log.

A subscriber is an e-mail address only, with the proof of its consent: the date it was asked
for and the date its owner confirmed it from the mail (double opt-in). The confirmation token
is stored hashed (only the mail holds it); the unsubscribe token is kept as it is, since every
issue's mail must carry it. The send log has one row per (issue, subscriber): a subscriber gets
an issue at most once, however often its sending runs.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.audit import MASK
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet

PENDING_DAYS = 7


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def masked_email(email: str) -> str:
    """How the audit log and the send log's headings name an address: a•••@example.org."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{MASK}@{domain}" if domain else MASK


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class SubscriberQuerySet(ScopedQuerySet["Subscriber"]):
    def confirmed(self) -> SubscriberQuerySet:
        return self.filter(status=SubscriberStatus.CONFIRMED)

    def expired(self, now: Any = None) -> SubscriberQuerySet:
        """Pending subscriptions whose confirmation link is no longer valid."""
        limit = (now or timezone.now()) - timedelta(days=PENDING_DAYS)
        return self.filter(status=SubscriberStatus.PENDING, requested_at__lt=limit)


class Subscriber(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="newsletter_subscribers"
    )
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    # When the visitor asked, ticking the consent box: the start of the 7 days to confirm.
    requested_at = models.DateTimeField(_("requested on"), default=timezone.now)
    confirm_digest = models.CharField(max_length=64, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed on"), null=True, blank=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)

    objects: ClassVar[Any] = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], name="newsletter_subscriber_unique_email"
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.email

    @property
    def audit_label(self) -> str:
        # The audit log is append-only: an address erased here must not stay there in clear.
        return masked_email(self.email)

    def confirmation_expired(self, now: Any = None) -> bool:
        limit = (now or timezone.now()) - timedelta(days=PENDING_DAYS)
        return self.requested_at < limit


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    INTERRUPTED = "interrupted", _("Interrupted")
    SENT = "sent", _("Sent")


class Issue(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="newsletter_issues"
    )
    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    news = models.ManyToManyField(
        "website.NewsPost", blank=True, related_name="+", verbose_name=_("news")
    )
    activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="+", verbose_name=_("activities")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def editable(self) -> bool:
        return self.status == IssueStatus.DRAFT

    @property
    def can_send(self) -> bool:
        """A draft is sent; an interrupted sending is resumed. Never twice."""
        return self.status in (IssueStatus.DRAFT, IssueStatus.INTERRUPTED)


class DeliveryStatus(models.TextChoices):
    # Claimed by a worker that may have died before it knew: never sent again, to be sure
    # nobody gets the issue twice.
    SENDING = "sending", _("Unknown (interrupted while sending)")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices)
    error = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_delivery_once")
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id}: {self.status}"
