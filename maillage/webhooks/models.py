"""Webhooks: addresses outside Maillage that hear about the organisation's events.

An `Endpoint` subscribes to some events (names from `core.events.EVENTS`); each event gives
one `Delivery` per subscribed endpoint, sent and retried by a background task; every try is
an `Attempt`, the log the team reads when a receiver complains.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.crypto import EncryptedTextField
from maillage.core.scoping import OrganisationScopedModel

# Not a domain event: what the "send a test" button delivers, to one endpoint only.
PING = "ping"


class Endpoint(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    url = models.URLField(_("address (URL)"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    # Signs every body; shown once, when the endpoint is created.
    secret = EncryptedTextField(_("secret"))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["url", "pk"]

    def __str__(self) -> str:
        return self.description or self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:endpoint", kwargs={"pk": self.pk})


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SUCCEEDED = "succeeded", _("Delivered")
    RETRYING = "retrying", _("Failed, will try again")
    ABANDONED = "abandoned", _("Abandoned")


class Delivery(OrganisationScopedModel):
    """One event for one endpoint. `event_id` is the same on every retry and redelivery: a
    receiver that has already seen it ignores it."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=60)
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # Also a lease: the task that sends pushes it past its timeout first, so a second task
    # for the same delivery finds it taken and sends nothing.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhooks_one_per_event")
        ]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id}"

    @property
    def audit_label(self) -> str:
        return str(self)


class Attempt(models.Model):
    """One try at sending a delivery: what the receiver answered, or why nothing came."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
