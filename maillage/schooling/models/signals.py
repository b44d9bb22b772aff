"""Signals: a pupil who needs the team's attention, raised by a threshold or by hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.crypto import EncryptedTextField
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet


class SignalSource(models.TextChoices):
    THRESHOLD = "threshold", _("Absence threshold")
    SCHOOL = "school", _("A school")
    CPMS = "cpms", _("A CPMS")
    FAMILY = "family", _("The family")
    OTHER = "other", _("Other")


class SignalStatus(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    FOLLOWED_UP = "followed_up", _("Turned into a follow-up")
    CLOSED = "closed", _("Closed")


class SignalQuerySet(ScopedQuerySet["Signal"]):
    def open(self) -> SignalQuerySet:
        return self.filter(status__in=[SignalStatus.NEW, SignalStatus.ACKNOWLEDGED])


class Signal(OrganisationScopedModel):
    """A young person signalled to the team: by the recompute when their unjustified
    half-days reach a threshold rule (`rule`, `half_days`, `school_year`), or by hand."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=12, choices=SignalSource.choices)
    school = models.ForeignKey(
        "schooling.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    rule = models.ForeignKey(
        "schooling.ThresholdRule", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    school_year = models.ForeignKey(
        "schooling.SchoolYear", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The unjustified half-days counted when the rule was reached.
    half_days = models.PositiveSmallIntegerField(null=True, blank=True)
    raised_on = models.DateField(_("signalled on"))
    # What the school, CPMS or family said, for a signal entered by hand.
    details = EncryptedTextField(_("details"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    followup = models.ForeignKey(
        "casework.FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            # The recompute raises a rule's signal once per pupil and school year.
            models.UniqueConstraint(
                fields=["organisation", "person", "school_year", "rule"],
                condition=models.Q(rule__isnull=False),
                name="signal_once_per_rule_and_year",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status", "raised_on"])]

    def __str__(self) -> str:
        return f"{_('Signal')} n° {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("schooling:signal", kwargs={"pk": self.pk})

    @property
    def audit_label(self) -> str:
        return f"{_('Signal')} n° {self.pk} ({self.person.initials})"
