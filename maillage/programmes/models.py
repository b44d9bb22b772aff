"""Programmes and what they fund: envelopes, funded projects, budget lines and spending,
targets for the indicators of the catalogue, and the period reports made for funders.

A programme belongs to the organisation that coordinates it (a commune's social-cohesion
coordination, an ESF project's promoter, an AMO for its three-year plan). Its funded
projects name the organisations it funds; those see the programme (read-only), never the
others' figures beyond the anonymised ones.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet, current_organisation_id


class ProgrammeKind(models.TextChoices):
    SOCIAL_COHESION = "social_cohesion", _("Social-cohesion programme")
    ESF = "esf", _("European Social Fund project")
    AMO_PLAN = "amo_plan", _("AMO three-year plan")
    OTHER = "other", _("Other programme")


class ProgrammeQuerySet(ScopedQuerySet["Programme"]):
    def visible_to(self, user: Any) -> ProgrammeQuerySet:
        """The organisation's programmes, and those that fund one of its projects."""
        org_id = current_organisation_id(user)
        if org_id is None:
            return self.none()
        funded = FundedProject.objects.filter(organisation_id=org_id).values("programme_id")
        return self.filter(Q(organisation_id=org_id) | Q(pk__in=funded))

    def managed_by(self, user: Any) -> ProgrammeQuerySet:
        """The programmes the user's organisation coordinates (and may change)."""
        return super().visible_to(user)


class Programme(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="programmes"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    funders = models.ManyToManyField(
        "core.Organisation", blank=True, related_name="funded_programmes", verbose_name=_("funders")
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    envelope = models.DecimalField(
        _("envelope (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programme_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme", kwargs={"pk": self.pk})


class FundedProject(models.Model):
    """An organisation funded by the programme for a project, under an agreement."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="projects")
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="funded_projects",
        verbose_name=_("funded organisation"),
    )
    title = models.CharField(_("project"), max_length=200)
    amount = models.DecimalField(
        _("amount granted (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    agreement = models.ForeignKey(
        "network.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement"),
    )

    class Meta:
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        ordering = ["organisation__name", "title"]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("budget line"), max_length=200)
    planned = models.DecimalField(
        _("planned (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Spending(models.Model):
    """Money spent against a budget line (and a funded project, when it is one's)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="spendings")
    # RESTRICT, not PROTECT: a line keeps its spending, but deleting the whole programme
    # deletes both.
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.RESTRICT,
        related_name="spendings",
        verbose_name=_("budget line"),
    )
    project = models.ForeignKey(
        FundedProject,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="spendings",
        verbose_name=_("funded project"),
    )
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.CharField(_("description"), max_length=300)
    # Spending beyond the remaining envelope is allowed, with the reason given.
    over_envelope_reason = models.TextField(_("reason for exceeding the envelope"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spendings")
        ordering = ["-spent_on", "-pk"]

    def __str__(self) -> str:
        return self.description


class IndicatorTarget(models.Model):
    """The target of one indicator of the catalogue (`catalogue.py`) for a period."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=80)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    target = models.PositiveIntegerField(_("target"))

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "indicator", "period_start", "period_end"],
                name="target_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="target_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}–{self.period_end}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Report(OrganisationScopedModel):
    """A period report of a programme, or of the organisation when `programme` is empty: its
    figures are computed in the background into an HTML page, a PDF and an XLSX workbook kept
    in the private storage. Reports carry no name: only anonymised figures and narratives."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True)
    # Relative paths in the private storage, filled when the report is ready.
    html_file = models.CharField(max_length=300, blank=True)
    pdf_file = models.CharField(max_length=300, blank=True)
    xlsx_file = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:report", kwargs={"pk": self.pk})


class ReportNarrative(models.Model):
    """The text a team writes for one section of a report (an axis)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    section = models.CharField(_("section"), max_length=30)
    text = models.TextField(_("narrative"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "section"], name="narrative_once_per_section")
        ]

    def __str__(self) -> str:
        return self.section
