"""The community axis: projects, field observations, youth consultations and the community
social diagnosis with its three-year action plan.

A project belongs to the organisation that runs it; the partner organisations it names see it
(read-only). Observations and consultations say what the field sees, never who: a
consultation records how many young people took part, no names. A diagnosis covers a zone
(one or several communes) and a period; once adopted it must be updated within three years.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet, current_organisation_id
from maillage.core.uploads import StoredFile


class Theme(models.TextChoices):
    """The themes of the community axis. The codes shared with the individual axis's request
    themes (schooling, family…) are the same, so the diagnosis sets them side by side."""

    SCHOOLING = "schooling", _("Schooling")
    FAMILY = "family", _("Family")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    JUSTICE = "justice", _("Justice")
    EMPLOYMENT = "employment", _("Employment and training")
    ADMINISTRATIVE = "administrative", _("Administrative")
    LEISURE = "leisure", _("Leisure")
    PUBLIC_SPACE = "public_space", _("Public space and safety")
    MOBILITY = "mobility", _("Mobility")
    PARTICIPATION = "participation", _("Youth participation")
    DISCRIMINATION = "discrimination", _("Discrimination")
    WELL_BEING = "well_being", _("Well-being")
    OTHER = "other", _("Other")


class ProjectKind(models.TextChoices):
    COMMUNITY = "community", _("Community project")
    INTERCOMMUNAL = "intercommunal", _("Intercommunal project")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PREPARING = "preparing", _("In preparation")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    ABANDONED = "abandoned", _("Abandoned")


class ProjectQuerySet(ScopedQuerySet["Project"]):
    def visible_to(self, user: Any) -> ProjectQuerySet:
        """The organisation's projects, and those of others it takes part in as a partner."""
        org_id = current_organisation_id(user)
        if org_id is None:
            return self.none()
        partner_of = Project.partners.through.objects.filter(organisation_id=org_id)
        return self.filter(Q(organisation_id=org_id) | Q(pk__in=partner_of.values("project_id")))

    def own(self, user: Any) -> ProjectQuerySet:
        """The projects the user's organisation runs: only those are changed."""
        return ScopedQuerySet.visible_to(self, user)


class Project(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="community_projects"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"))
    target_group = models.CharField(_("target group"), max_length=300)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    communes = models.ManyToManyField("core.Commune", related_name="+", verbose_name=_("communes"))
    partners = models.ManyToManyField(
        "core.Organisation",
        blank=True,
        related_name="partner_projects",
        verbose_name=_("partner organisations"),
    )
    activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="community_projects",
        verbose_name=_("linked activities"),
    )
    results = models.TextField(_("results"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("community project")
        verbose_name_plural = _("community projects")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:project", kwargs={"pk": self.pk})


class BudgetLine(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("label"), max_length=200)
    planned = models.DecimalField(
        _("amount planned (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    spent = models.DecimalField(
        _("amount spent (€)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.planned} €)"


class ObservationSource(models.TextChoices):
    WORKER = "worker", _("Worker")
    PARTNER = "partner", _("Partner")
    YOUTH_CONSULTATION = "youth_consultation", _("Youth consultation")
    MEETING = "meeting", _("Meeting")


class ConsultationMethod(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group")
    SURVEY = "survey", _("Survey")
    STREET = "street", _("Street consultation")


class YouthConsultation(OrganisationScopedModel):
    """Young people asked for their opinion. How many took part, never who."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=20, choices=ConsultationMethod.choices)
    commune = models.ForeignKey(
        "core.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    place = models.CharField(_("place"), max_length=200)
    participants = models.PositiveIntegerField(
        _("number of young people"), validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("how it went"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("youth consultation")
        verbose_name_plural = _("youth consultations")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} · {self.place} · {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("community:consultation", kwargs={"pk": self.pk})


class Observation(OrganisationScopedModel):
    """A constat from the field: what is seen in a commune, on a theme, and where it comes
    from. Never a young person's name: the form says so, and nothing here links to one."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="observations"
    )
    date = models.DateField(_("date"))
    commune = models.ForeignKey(
        "core.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    neighbourhood = models.CharField(_("neighbourhood"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    source = models.CharField(_("source"), max_length=20, choices=ObservationSource.choices)
    text = models.TextField(_("observation"))
    evidence = models.CharField(_("evidence (reference)"), max_length=300, blank=True)
    evidence_url = models.URLField(_("evidence (address)"), blank=True)
    consultation = models.ForeignKey(
        YouthConsultation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("youth consultation"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation__isnull=True) | Q(source="youth_consultation"),
                name="observation_consultation_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_theme_display()} · {self.commune} · {self.date:%d/%m/%Y}"


class ObservationFile(OrganisationScopedModel, StoredFile):
    """A document attached to an observation as its evidence (checked and stored by
    `core.uploads`, served only to those who see the observation)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    observation = models.OneToOneField(
        Observation, on_delete=models.CASCADE, related_name="evidence_file"
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class DiagnosisQuerySet(ScopedQuerySet["Diagnosis"]):
    def adopted(self) -> DiagnosisQuerySet:
        return self.filter(adopted_on__isnull=False)


class Diagnosis(OrganisationScopedModel):
    """The community social diagnosis of a zone for a period, edited by the team."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="diagnoses"
    )
    title = models.CharField(_("title"), max_length=200)
    communes = models.ManyToManyField("core.Commune", related_name="+", verbose_name=_("zone"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    context = models.TextField(_("context"), blank=True)
    observations_comment = models.TextField(_("reading of the observations"), blank=True)
    figures_comment = models.TextField(_("reading of the figures"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    priorities = models.TextField(_("priorities"), blank=True)
    # Adopted by the team: the date from which the three years run. A draft is not due.
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DiagnosisQuerySet.as_manager()

    class Meta:
        verbose_name = _("community social diagnosis")
        verbose_name_plural = _("community social diagnoses")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="diagnosis_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:diagnosis", kwargs={"pk": self.pk})

    @property
    def plan_start(self) -> date:
        """The three-year action plan starts when the diagnosis is adopted (or, while it is
        a draft, the day after its period)."""
        from maillage.community.rules import plan_start

        return plan_start(self)

    @property
    def plan_end(self) -> date:
        from maillage.community.rules import plan_end

        return plan_end(self)


class PlanAction(OrganisationScopedModel):
    """An action of the three-year plan a diagnosis feeds."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="actions")
    objective = models.CharField(_("objective"), max_length=300)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    responsible = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="plan_actions", verbose_name=_("projects")
    )

    class Meta:
        verbose_name = _("action of the plan")
        verbose_name_plural = _("actions of the plan")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plan_action_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.objective
