"""ESF+ participant records: the data the European Social Fund asks of each participant at
entry, at exit, and 4 weeks and 6 months after exit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.crypto import EncryptedTextField
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet


class EsfGender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_29 = "18_29", _("18 to 29")
    AGE_30_54 = "30_54", _("30 to 54")
    OVER_54 = "55_plus", _("55 and over")


class LabourStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    INACTIVE_IN_EDUCATION = "inactive_education", _("Inactive, in education or training")
    NEET = "neet", _("Inactive, not in education or training (NEET)")
    EMPLOYED = "employed", _("Employed")


class Isced(models.TextChoices):
    ISCED_0_2 = "0-2", _("ISCED 0-2 (up to lower secondary)")
    ISCED_3_4 = "3-4", _("ISCED 3-4 (upper secondary, post-secondary)")
    ISCED_5_8 = "5-8", _("ISCED 5-8 (higher education)")


class SensitiveAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DECLINED = "declined", _("Declines to answer")


class SensitiveItem(models.TextChoices):
    """The ESF+ items that need their own legal basis: stored encrypted, as JSON
    {item: answer}, and reported only in aggregate."""

    DISABILITY = "disability", _("Person with a disability")
    THIRD_COUNTRY = "third_country", _("Third-country national")
    FOREIGN_BACKGROUND = "foreign_background", _("Person with a foreign background")
    MINORITY = "minority", _("Member of a minority")
    OTHER_DISADVANTAGE = "other_disadvantage", _("Other disadvantaged person")


class ParticipantQuerySet(ScopedQuerySet["Participant"]):
    def visible_to(self, user: Any) -> ParticipantQuerySet:
        """A participant row names a person: seen by who may open that person's file."""
        from maillage.people.models import Person

        return super().visible_to(user).filter(person__in=Person.objects.visible_to(user))


class Participant(OrganisationScopedModel):
    """One participant of the organisation's ESF+ project, once per person.

    On re-entry the first entry's data is kept (ESF rule): `entered_on` and the entry record
    never change after creation. A re-entry after an exit clears `exited_on` and sets
    `reentered_on`; the results of the earlier exit stay, attached to that exit's date.
    """

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField(_("entry date"))
    gender = models.CharField(_("gender"), max_length=10, choices=EsfGender.choices)
    age_band = models.CharField(_("age at entry"), max_length=10, choices=AgeBand.choices)
    labour_status = models.CharField(
        _("labour-market status"), max_length=24, choices=LabourStatus.choices
    )
    isced = models.CharField(_("education level"), max_length=3, choices=Isced.choices)
    # The sensitive items (disability, third-country national, foreign background, minority,
    # other disadvantage) need their own consent; kept encrypted, reported in aggregate only.
    sensitive_consent_on = models.DateField(
        _("consent to the sensitive items given on"), null=True, blank=True
    )
    sensitive_items = EncryptedTextField(blank=True, default="")
    reentered_on = models.DateField(_("re-entry date"), null=True, blank=True)
    exited_on = models.DateField(_("exit date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("ESF+ participant")
        verbose_name_plural = _("ESF+ participants")
        ordering = ["-entered_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"], name="participant_once_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(exited_on__isnull=True)
                | models.Q(exited_on__gte=models.F("entered_on")),
                name="participant_exit_after_entry",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "exited_on"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.entered_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("schooling:participant", kwargs={"pk": self.pk})

    @property
    def latest_entry_on(self) -> Any:
        return self.reentered_on or self.entered_on


class ResultMoment(models.TextChoices):
    EXIT = "exit", _("At exit")
    WEEKS_4 = "4_weeks", _("4 weeks after exit")
    MONTHS_6 = "6_months", _("6 months after exit")


class ParticipantResult(OrganisationScopedModel):
    """What became of a participant at exit, 4 weeks and 6 months after."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="results")
    # The exit these results follow: after a re-entry and a second exit, each exit keeps
    # its own results.
    exit_on = models.DateField(_("exit date"))
    moment = models.CharField(_("when"), max_length=10, choices=ResultMoment.choices)
    recorded_on = models.DateField(_("recorded on"))
    in_education_or_training = models.BooleanField(_("in education or training"), default=False)
    qualification_gained = models.BooleanField(_("gained a qualification"), default=False)
    employed = models.BooleanField(_("in employment"), default=False)
    job_searching = models.BooleanField(_("job searching"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["participant", "exit_on", "moment"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "exit_on", "moment"], name="participant_result_once"
            )
        ]
