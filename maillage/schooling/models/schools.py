"""Schools, school years and the enrolments that make a person a pupil."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet


class SchoolQuerySet(models.QuerySet["School"]):
    def visible_to(self, user: Any) -> SchoolQuerySet:
        """Schools are entries of the network's directory: every signed-in member reads them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(organisation__is_active=True)


class School(models.Model):
    """A school or a CPMS of the directory (an organisation of kind school or CPMS) with its
    number in the Fédération Wallonie-Bruxelles (FASE number), which school exports carry."""

    organisation = models.OneToOneField(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="school",
        verbose_name=_("organisation"),
    )
    fwb_number = models.CharField(_("FWB school number"), max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("schooling:school", kwargs={"pk": self.pk})


class SchoolYear(models.Model):
    """One school year of the FWB calendar. Rows are created from the calendar's rule when a
    date first needs them (`calendar.school_year_for`) and may be corrected by an
    administrator when a decree moves a date."""

    label = models.CharField(_("school year"), max_length=9, unique=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="schoolyear_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def contains(self, day: Any) -> bool:
        return bool(self.starts_on <= day <= self.ends_on)


class EnrolmentQuerySet(ScopedQuerySet["Enrolment"]):
    pass


class Enrolment(OrganisationScopedModel):
    """A person enrolled in a school, a year and a class for a school year, known to the team
    (`organisation`) by the school's own pupil number (`matricule`)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enrolments")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("school year")
    )
    matricule = models.CharField(_("pupil number"), max_length=50)
    # 1 to 7 in secondary school: the degree (1st: years 1-2, 2nd: 3-4, 3rd: 5-7) matters to
    # the thresholds.
    grade = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    class_name = models.CharField(_("class"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-school_year__starts_on", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "school", "school_year", "matricule"],
                name="enrolment_unique_matricule",
            )
        ]
        indexes = [models.Index(fields=["organisation", "school", "matricule"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.school} ({self.school_year})"

    @property
    def audit_label(self) -> str:
        """What the audit log keeps: never the pupil's name."""
        return f"{_('Enrolment')} n° {self.pk}"

    @property
    def degree(self) -> int | None:
        if self.grade is None:
            return None
        return 1 if self.grade <= 2 else 2 if self.grade <= 4 else 3
