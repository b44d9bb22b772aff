"""The network's shared records: placements of workers in partner structures, agreements
(conventions) between organisations, and trainings of workers.

A placement belongs to the organisation that places the worker; the host structure sees it,
read-only. An agreement belongs to the organisation that records it; every party
organisation sees it, read-only. Trainings are the organisation's own.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet, current_organisation_id
from maillage.core.uploads import StoredFile

DEFAULT_NOTICE_DAYS = 90


def on_date(day: date) -> Q:
    """Rows whose period (start, optional end) covers `day`."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class PlacementQuerySet(ScopedQuerySet["Placement"]):
    def visible_to(self, user: Any) -> PlacementQuerySet:
        """The placing organisation's placements, and those it hosts."""
        org_id = current_organisation_id(user)
        if org_id is None:
            return self.none()
        return self.filter(Q(organisation_id=org_id) | Q(host_id=org_id))

    def on(self, day: date) -> PlacementQuerySet:
        return self.filter(on_date(day))


class Placement(OrganisationScopedModel):
    """A worker of the organisation placed in a partner structure (mise à disposition)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="placements"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("worker"),
    )
    host = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_placements",
        verbose_name=_("partner structure"),
    )
    host_name = models.CharField(
        _("structure not in the directory"),
        max_length=200,
        blank=True,
        help_text=_("Only if the partner structure is not in the list."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    coordinator_name = models.CharField(_("partner coordinator"), max_length=200, blank=True)
    coordinator_contact = models.CharField(
        _("coordinator's contact"),
        max_length=200,
        blank=True,
        help_text=_("Phone or e-mail address."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "pk"]
        indexes = [
            models.Index(fields=["organisation", "starts_on"]),
            models.Index(fields=["host", "starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="placement_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(host__isnull=False) | ~Q(host_name=""),
                name="placement_has_a_host",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.host_label}"

    def get_absolute_url(self) -> str:
        return reverse("network:placement", kwargs={"pk": self.pk})

    @property
    def host_label(self) -> str:
        return self.host.name if self.host_id and self.host else self.host_name


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SIGNED = "signed", _("Signed")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class AgreementQuerySet(ScopedQuerySet["Agreement"]):
    def visible_to(self, user: Any) -> AgreementQuerySet:
        """The agreements the organisation recorded or is a party to."""
        org_id = current_organisation_id(user)
        if org_id is None:
            return self.none()
        party_of = Agreement.parties.through.objects.filter(organisation_id=org_id).values(
            "agreement_id"
        )
        return self.filter(Q(organisation_id=org_id) | Q(pk__in=party_of))

    def renewal_due(self, today: date) -> AgreementQuerySet:
        """Signed agreements whose end is near (within each one's notice period)."""
        return self.filter(status=AgreementStatus.SIGNED, alert_on__lte=today, ends_on__gte=today)


class Agreement(OrganisationScopedModel):
    """A convention between organisations of the network and others (a commune, a funder)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(_("purpose"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    parties = models.ManyToManyField(
        "core.Organisation",
        blank=True,
        related_name="agreements_as_party",
        verbose_name=_("partner organisations"),
    )
    other_parties = models.TextField(
        _("other parties"),
        blank=True,
        help_text=_("Parties not in the network (a commune, a funder): one per line."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    notice_days = models.PositiveSmallIntegerField(
        _("renewal alert (days before the end)"),
        default=DEFAULT_NOTICE_DAYS,
        validators=[MaxValueValidator(730)],
    )
    # ends_on - notice_days, kept so the renewal alert is one indexed comparison.
    alert_on = models.DateField(null=True, blank=True, editable=False)
    # The day the renewal reminder was e-mailed (notify.py); cleared when the end moves.
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["ends_on", "title", "pk"]
        indexes = [models.Index(fields=["status", "alert_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="agreement_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:agreement", kwargs={"pk": self.pk})

    @staticmethod
    def alert_date(ends_on: date | None, notice_days: int) -> date | None:
        return ends_on - timedelta(days=notice_days) if ends_on else None

    @property
    def other_party_list(self) -> list[str]:
        return [line.strip() for line in self.other_parties.splitlines() if line.strip()]


class AgreementDocumentQuerySet(ScopedQuerySet["AgreementDocument"]):
    def visible_to(self, user: Any) -> AgreementDocumentQuerySet:
        return self.filter(agreement__in=Agreement.objects.visible_to(user).values("pk"))


class AgreementDocument(OrganisationScopedModel, StoredFile):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = AgreementDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Training(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="trainings"
    )
    title = models.CharField(_("title"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trainings",
        verbose_name=_("participants"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: Any = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:training", kwargs={"pk": self.pk})


class TrainingDay(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )

    class Meta:
        verbose_name = _("training day")
        verbose_name_plural = _("training days")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["training", "date"], name="training_day_once"),
        ]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self) -> str:
        return f"{self.training} · {self.date:%d/%m/%Y}"
