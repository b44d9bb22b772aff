"""Absences per half-day, the log of their changes, and the threshold rules in data."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.crypto import EncryptedTextField
from maillage.core.scoping import OrganisationScopedModel


class HalfDay(models.TextChoices):
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


class AbsenceStatus(models.TextChoices):
    """What a school's export says of a half-day. Present half-days are not stored: a
    "present" line removes an absence recorded before (a correction by the school)."""

    PRESENT = "present", _("Present")
    JUSTIFIED = "justified", _("Justified absence")
    UNJUSTIFIED = "unjustified", _("Unjustified absence")
    LATE = "late", _("Late")


class Absence(OrganisationScopedModel):
    """One half-day of a pupil that was not a plain presence. `person` and `school_year` are
    copied from the enrolment so thresholds count per pupil and school year in one scan."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    enrolment = models.ForeignKey(
        "schooling.Enrolment", on_delete=models.CASCADE, related_name="absences"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    school_year = models.ForeignKey(
        "schooling.SchoolYear", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    half_day = models.CharField(_("half-day"), max_length=2, choices=HalfDay.choices)
    status = models.CharField(_("status"), max_length=12, choices=AbsenceStatus.choices)
    # The school's reason may be medical: encrypted like every note. Null when the school
    # gives none, which spares millions of rows a cipher of the empty text.
    reason = EncryptedTextField(_("reason"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["date", "half_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "date", "half_day"], name="absence_unique_half_day"
            )
        ]
        indexes = [
            # The threshold recompute's window reads this index alone, in its order.
            models.Index(
                fields=["organisation", "school_year", "person", "date", "half_day", "enrolment"],
                condition=models.Q(status="unjustified"),
                name="absence_unjustified_idx",
            ),
            models.Index(fields=["person", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_half_day_display()}: {self.get_status_display()}"


class AbsenceChange(OrganisationScopedModel):
    """A half-day whose status a later import changed: the later import wins, and this says
    what it was before, when and by whom."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    enrolment = models.ForeignKey(
        "schooling.Enrolment", on_delete=models.CASCADE, related_name="absence_changes"
    )
    date = models.DateField(_("date"))
    half_day = models.CharField(_("half-day"), max_length=2, choices=HalfDay.choices)
    old_status = models.CharField(_("before"), max_length=12, choices=AbsenceStatus.choices)
    new_status = models.CharField(_("after"), max_length=12, choices=AbsenceStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]


class ThresholdRule(OrganisationScopedModel):
    """A number of unjustified half-days in a school year that raises a signal, for the pupils
    it applies to on the day of the absence that reaches it: minors, pupils of age, pupils
    from a degree on. The defaults are the FWB decree's (9 for minors, 20 for pupils of age
    or of the 2nd and 3rd degrees); a decree changes data, not code."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("name"), max_length=120)
    half_days = models.PositiveSmallIntegerField(
        _("unjustified half-days"), validators=[MinValueValidator(1), MaxValueValidator(400)]
    )
    applies_to_minors = models.BooleanField(_("applies to minors"), default=False)
    applies_to_adults = models.BooleanField(_("applies to pupils of age"), default=False)
    from_degree = models.PositiveSmallIntegerField(
        _("applies from degree"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("Also applies to pupils of this degree and above, whatever their age."),
    )
    consequence = models.TextField(_("what it means"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("threshold rule")
        verbose_name_plural = _("threshold rules")
        ordering = ["half_days", "pk"]

    def __str__(self) -> str:
        return self.label
