"""The collective axis: activities, their sessions, registrations, prices and attendance.

An activity belongs to one organisation and may name partner organisations. Registrations
name young people (a `Person` of the organisation); what a parent tells us about the child's
health and how to reach them is encrypted. Attendance is one row per participant and
session; anonymous participants (a school class) are a headcount on the session.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.activities.payments import format_reference, reference_base
from maillage.core.crypto import EncryptedTextField
from maillage.core.roles import OVERSIGHT_ROLES
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet, current_roles


class ActivityKind(models.TextChoices):
    CAMP = "camp", _("Holiday camp")
    WORKSHOP = "workshop", _("Recurring workshop")
    SCHOOL_ANIMATION = "school_animation", _("School animation")
    EVENT = "event", _("Event")


class ActivityQuerySet(ScopedQuerySet["Activity"]):
    def published(self) -> ActivityQuerySet:
        """What the public calendar shows: public activities of active organisations."""
        return self.filter(is_public=True, organisation__is_active=True)


class Activity(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    partners = models.ManyToManyField(
        "core.Organisation",
        blank=True,
        related_name="partner_activities",
        verbose_name=_("partners"),
    )
    commune = models.ForeignKey(
        "core.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    # Empty: no limit (an open event). A school animation counts heads, not names.
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    residential = models.BooleanField(_("residential (overnight stays)"), default=False)
    school = models.CharField(_("school"), max_length=200, blank=True)
    school_class = models.CharField(_("class"), max_length=50, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="activities", verbose_name=_("staff")
    )
    is_public = models.BooleanField(_("on the public calendar"), default=False)
    registration_open = models.BooleanField(_("online registration open"), default=False)
    sibling_reduction = models.PositiveSmallIntegerField(
        _("sibling reduction (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "title"]
        indexes = [
            models.Index(fields=["organisation", "starts_on"]),
            models.Index(fields=["is_public", "ends_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="activity_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity", kwargs={"pk": self.pk})

    @property
    def takes_names(self) -> bool:
        """School animations count a class by headcount: nobody is registered by name."""
        return self.kind != ActivityKind.SCHOOL_ANIMATION

    def age_range_display(self) -> str:
        if self.age_min is not None and self.age_max is not None:
            return str(_("%(min)s to %(max)s years") % {"min": self.age_min, "max": self.age_max})
        if self.age_min is not None:
            return str(_("from %(min)s years") % {"min": self.age_min})
        if self.age_max is not None:
            return str(_("up to %(max)s years") % {"max": self.age_max})
        return str(_("all ages"))


class Session(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    place = models.CharField(_("place (if not the activity's)"), max_length=200, blank=True)
    # Participants who are not registered by name (a class, passers-by at an event).
    headcount = models.PositiveIntegerField(_("anonymous participants"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date", "starts_at"], name="session_once_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_times_in_order"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self) -> str:
        return f"{self.activity} · {self.date:%d/%m/%Y} {self.starts_at:%H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("activities:session", kwargs={"pk": self.pk})

    @property
    def where(self) -> str:
        return self.place or self.activity.place


class PriceTier(OrganisationScopedModel):
    """A democratic price: who it is for, and how much."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="price_tiers")
    label = models.CharField(_("label"), max_length=100)
    description = models.CharField(_("who it is for"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("price tier")
        verbose_name_plural = _("price tiers")
        ordering = ["position", "amount", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "label"], name="price_tier_label_once"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.amount} €)"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class PaymentStatus(models.TextChoices):
    DUE = "due", _("Due")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived")


class RegistrationSource(models.TextChoices):
    WORKER = "worker", _("By a worker")
    ONLINE = "online", _("Online, by a parent")


class RegistrationQuerySet(ScopedQuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)


class Registration(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="registrations"
    )
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("young person"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, db_index=True
    )
    source = models.CharField(_("registered"), max_length=10, choices=RegistrationSource.choices)
    # The online form that made it: the children of one form are siblings, and the same
    # form posted twice registers once.
    submission = models.UUIDField(null=True, blank=True, editable=False)
    price_tier = models.ForeignKey(
        PriceTier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("price"),
    )
    amount_due = models.DecimalField(
        _("amount due (€)"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    sibling_reduction = models.BooleanField(_("sibling reduction"), default=False)
    payment_status = models.CharField(
        _("payment"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.DUE
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    guardian_name = EncryptedTextField(_("parent or guardian"), blank=True, default="")
    guardian_email = EncryptedTextField(_("e-mail of the parent"), blank=True, default="")
    guardian_phone = EncryptedTextField(_("phone of the parent"), blank=True, default="")
    emergency_contact = EncryptedTextField(_("emergency contact"), blank=True, default="")
    health_notes = EncryptedTextField(_("health notes"), blank=True, default="")
    parental_authorisation = models.BooleanField(_("parental authorisation"), default=False)
    photo_consent = models.BooleanField(_("photo consent"), default=False)
    age_override_reason = models.CharField(
        _("reason for the age exception"), max_length=300, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Order of the waiting list: when the registration started waiting.
    waiting_since = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["activity", "person__last_name", "person__first_name"]
        constraints = [
            # The same child registered twice for one activity: the database refuses it too.
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="registration_once_per_activity",
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "status", "waiting_since"]),
            models.Index(fields=["submission"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("activities:registration", kwargs={"pk": self.pk})

    @property
    def audit_label(self) -> str:
        return f"{_('Registration')} n° {self.pk} ({self.person.initials})"

    @property
    def payment_reference(self) -> str:
        """The structured communication of its transfer, made of its number (unique)."""
        return format_reference(reference_base(self.pk)) if self.pk else ""

    def health_notes_visible_to(self, user: Any) -> bool:
        """Health notes are for the activity's staff and its coordinators, no one else."""
        if current_roles(user) & OVERSIGHT_ROLES:
            return True
        return self.activity.staff.filter(pk=user.pk).exists()


class Attendance(OrganisationScopedModel):
    """One participant at one session. Absent rows are kept: "absent" is an answer."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="attendance_once_per_session"
            )
        ]
        indexes = [models.Index(fields=["registration", "present"])]

    def __str__(self) -> str:
        return f"{self.registration} · {self.session.date:%d/%m/%Y}"


class SchoolHoliday(models.Model):
    """A school holiday period of the FWB calendar. Kept as data: the calendar changes by
    decree (it did in 2022) and an administrator enters each year's dates."""

    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y})"


class CalendarFeed(models.Model):
    """The secret address of a worker's calendar of sessions, for a calendar application
    that cannot sign in. Regenerating it revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)
