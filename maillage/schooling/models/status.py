"""Each young person's school / training / employment status as a timeline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet


class StatusKind(models.TextChoices):
    IN_SCHOOL = "school", _("In school")
    IN_TRAINING = "training", _("In training")
    EMPLOYED = "employed", _("Employed")
    NEET = "neet", _("Not in education, employment or training (NEET)")
    UNKNOWN = "unknown", _("Unknown")


class EducationStatusQuerySet(ScopedQuerySet["EducationStatus"]):
    def visible_to(self, user: Any) -> EducationStatusQuerySet:
        """A person's statuses go with their file: seen by who may open the file."""
        from maillage.people.models import Person

        return super().visible_to(user).filter(person__in=Person.objects.visible_to(user))


class EducationStatus(OrganisationScopedModel):
    """From `starts_on`, the person is in this situation, until the next status starts."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="education_statuses"
    )
    kind = models.CharField(_("situation"), max_length=10, choices=StatusKind.choices)
    starts_on = models.DateField(_("since"))
    school = models.ForeignKey(
        "schooling.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    detail = models.CharField(_("details"), max_length=200, blank=True)
    followup = models.ForeignKey(
        "casework.FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EducationStatusQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("school or work status")
        verbose_name_plural = _("school or work statuses")
        ordering = ["person", "-starts_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "person", "starts_on"])]
        constraints = [
            # Each status lasts until the next starts: two on one day would leave the
            # situation of that day undecided.
            models.UniqueConstraint(
                fields=["organisation", "person", "starts_on"], name="education_status_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.starts_on:%d/%m/%Y})"
