from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.casework.access import assigned, has_oversight, opened_q
from maillage.core.crypto import EncryptedTextField
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet, current_organisation_id
from maillage.people.models import Gender


class Requester(models.TextChoices):
    YOUNG_PERSON = "young_person", _("The young person")
    PARENT = "parent", _("A parent")
    SCHOOL = "school", _("A school")
    CPMS = "cpms", _("A CPMS")
    YOUTH_AID = "youth_aid", _("A youth-aid service")
    OTHER = "other", _("Other")


class Theme(models.TextChoices):
    SCHOOLING = "schooling", _("Schooling")
    FAMILY = "family", _("Family")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    JUSTICE = "justice", _("Justice")
    EMPLOYMENT = "employment", _("Employment and training")
    ADMINISTRATIVE = "administrative", _("Administrative")
    LEISURE = "leisure", _("Leisure")
    OTHER = "other", _("Other")


class AgeBand(models.TextChoices):
    UNDER_12 = "0-11", _("Under 12")
    AGE_12_14 = "12-14", _("12 to 14")
    AGE_15_17 = "15-17", _("15 to 17")
    AGE_18_21 = "18-21", _("18 to 21")
    OVER_21 = "22+", _("22 and over")


class RequestQuerySet(ScopedQuerySet["Request"]):
    def visible_to(self, user: Any) -> RequestQuerySet:
        """A worker sees the requests they recorded or whose follow-up they are assigned to.
        Coordinators and directors also see every request no follow-up has opened yet; once
        one has, the request (its themes, what is asked) is as confidential as the follow-up:
        they see it only by breaking the glass."""
        requests = super().visible_to(user)
        mine = Q(recorded_by=user) | Q(assigned(user, "followup"))
        if has_oversight(user):
            return requests.filter(mine | Q(followup__isnull=True) | opened_q(user, "followup"))
        return requests.filter(mine)


class Request(OrganisationScopedModel):
    """A request for help: of an identified young person, or anonymous (age band, gender,
    commune only)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="requests"
    )
    received_on = models.DateField(_("received on"))
    requester = models.CharField(_("who asks"), max_length=20, choices=Requester.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("young person"),
    )
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    summary = EncryptedTextField(_("what is asked"), blank=True, default="")
    # The token of the form that recorded it: the same form posted twice records once.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "received_on"])]

    def __str__(self) -> str:
        who = self.person.initials if self.person_id else _("anonymous")
        return f"{self.received_on:%d/%m/%Y} · {who}"

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None


class RequestTheme(models.Model):
    """One row per theme of a request: themes are counted in SQL."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=20, choices=Theme.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "theme"], name="request_theme_once")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("Goal reached")
    REFERRED = "referred", _("Referred to another service")
    ENDED_BY_YOUNG_PERSON = "ended_by_young_person", _("Ended by the young person or family")
    NO_CONTACT = "no_contact", _("Contact lost")
    OTHER = "other", _("Other")


class FollowUpQuerySet(ScopedQuerySet["FollowUp"]):
    def visible_to(self, user: Any) -> FollowUpQuerySet:
        """Follow-ups whose existence the user may see (see casework.access)."""
        followups = super().visible_to(user)
        if has_oversight(user):
            return followups
        return followups.filter(assigned(user))

    def opened_for(self, user: Any) -> FollowUpQuerySet:
        """Follow-ups the user may read in full."""
        return super().visible_to(user).filter(opened_q(user))


class FollowUp(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="followups"
    )
    request = models.OneToOneField(Request, on_delete=models.PROTECT, related_name="followup")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followups",
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Assignment", related_name="followups"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    next_step = EncryptedTextField(_("next step"), blank=True, default="")
    next_step_due = models.DateField(_("next step due on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = EncryptedTextField(_("reason for closing"), blank=True, default="")
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    # Optimistic locking: a form posted twice, or after someone else's change, is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "next_step_due"]),
            models.Index(fields=["organisation", "closed_on"]),
        ]

    def __str__(self) -> str:
        who = self.person.initials if self.person_id else _("anonymous")
        return f"{_('Follow-up')} {who} · {self.opened_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("casework:followup", kwargs={"pk": self.pk})


class FollowUpPartQuerySet(ScopedQuerySet[Any]):
    """Rows inside a follow-up (interventions, consents, referrals, glass breaks): seen only
    by who may open the follow-up."""

    def visible_to(self, user: Any) -> FollowUpPartQuerySet:
        return super().visible_to(user).filter(opened_q(user, "followup"))


class Assignment(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="assignments")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["followup", "worker"], name="assignment_once")
        ]
        indexes = [models.Index(fields=["worker", "followup"])]

    def __str__(self) -> str:
        return f"{self.worker} → {self.followup_id}"


class ConsentScope(models.TextChoices):
    EXISTENCE = "existence", _("That a follow-up exists, and who to contact")
    SUMMARY = "summary", _("Status, themes and next step")
    INTERVENTIONS = "interventions", _("Interventions, without the notes")


class Consent(OrganisationScopedModel):
    """What the young person agreed to share, with whom, from when, until withdrawn."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="consents")
    shared_with = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="consents_received",
        verbose_name=_("shared with"),
    )
    scope = models.CharField(_("what may be shared"), max_length=20, choices=ConsentScope.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = FollowUpPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.shared_with} · {self.get_scope_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class InterventionKind(models.TextChoices):
    LISTENING = "listening", _("Listening")
    INFORMATION = "information", _("Information or orientation")
    ADMINISTRATIVE = "administrative", _("Administrative step")
    PROFESSIONAL = "professional", _("Professional step")
    LEGAL = "legal", _("Legal step")
    HOME_VISIT = "home_visit", _("Home visit")
    SCHOOL_MEETING = "school_meeting", _("School meeting")
    FAMILY_MEETING = "family_meeting", _("Family meeting")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment outside")


class Intervention(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="interventions")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    kind = models.CharField(_("kind"), max_length=20, choices=InterventionKind.choices)
    present = models.CharField(_("who was present"), max_length=300, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    # The token of the quick form that logged it: a double submission logs once.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["followup", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.get_kind_display()}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    ENDED = "ended", _("Ended")


class ReferralQuerySet(FollowUpPartQuerySet):
    def received_by(self, user: Any) -> ReferralQuerySet:
        """Referrals made to the organisation the user acts for, while a consent of the young
        person to share with it stands: once withdrawn, they vanish from the receiving side."""
        org_id = current_organisation_id(user)
        if org_id is None:
            return self.none()
        shared = Consent.objects.filter(
            followup_id=OuterRef("followup_id"),
            shared_with_id=org_id,
            withdrawn_on__isnull=True,
        )
        return self.filter(Exists(shared), to_organisation_id=org_id)


class Referral(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="referrals")
    to_organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to"),
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_on = models.DateField(_("sent on"))
    note = EncryptedTextField(_("note"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.to_organisation} · {self.get_status_display()}"


class BreakGlass(OrganisationScopedModel):
    """A coordinator's recorded reason to open a follow-up they are not assigned to."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="glass_breaks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    # Who opened a follow-up is itself confidential to those who may open it.
    objects = FollowUpPartQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["followup", "user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.at:%d/%m/%Y %H:%M}"


class RetentionPolicy(models.Model):
    """How long an organisation keeps individual files (customary defaults, configurable)."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, related_name="retention_policy"
    )
    request_months = models.PositiveIntegerField(
        _("delete requests with no follow-up after (months)"), default=12
    )
    followup_years = models.PositiveIntegerField(
        _("delete follow-ups this many years after closure"), default=10
    )
    # A pupil's enrolments, absences, signals, school or work statuses and ESF+ record, as a
    # whole: kept until the end of the school year of the latest of them plus this delay.
    # Five years by default: the European Social Fund's audits reach back that far.
    schooling_years = models.PositiveIntegerField(
        _("delete schooling records this many years after the end of their school year"),
        default=5,
    )

    def __str__(self) -> str:
        return (
            f"{self.organisation}: {self.request_months} m / {self.followup_years} a"
            f" / {self.schooling_years} a"
        )
