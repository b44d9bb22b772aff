from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.roles import Role
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who works in one or more organisations. Young people are never users."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Access to Django's admin site only; roles in organisations are Memberships.
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Region(models.TextChoices):
    BRUSSELS = "brussels", _("Brussels-Capital")
    WALLONIA = "wallonia", _("Wallonia")
    FLANDERS = "flanders", _("Flanders")


class Commune(models.Model):
    """A commune is data, not a constant: the product also works outside Brussels."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    # A postcode can span two communes: the commune is the key, postcodes are information.
    postcodes = models.CharField(_("postcodes"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    AMO = "amo", _("Open-environment youth service (AMO)")
    STREET_WORK = "street_work", _("Street-work network")
    YOUTH_CENTRE = "youth_centre", _("Youth centre")
    NEIGHBOURHOOD_HOUSE = "neighbourhood_house", _("Neighbourhood house")
    SCHOOL = "school", _("School")
    CPMS = "cpms", _("Psycho-medico-social centre (CPMS)")
    CPAS = "cpas", _("Public social-welfare centre (CPAS)")
    COMMUNAL_SERVICE = "communal_service", _("Communal service")
    FUNDER = "funder", _("Funder")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        """The organisations a person works in; the public directory is the network area's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            memberships__user=user, memberships__is_active=True, is_active=True
        ).distinct()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("commune")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Shown on every public form and in the privacy policy (GDPR art. 13: "the contact details
    # of the data protection officer, where applicable"); many small organisations have none.
    dpo_email = models.EmailField(
        _("data-protection officer's e-mail address"),
        blank=True,
        help_text=_(
            "Where people write to see, correct or erase their data. Leave empty if the "
            "organisation has no data-protection officer: its own address is given instead."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(ScopedQuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, user__is_active=True)


class Membership(OrganisationScopedModel):
    """A user's role in an organisation. Several roles in one organisation are several rows."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class JobQuerySet(ScopedQuerySet["Job"]):
    def visible_to(self, user: Any) -> JobQuerySet:
        # A job's result (an export…) belongs to whoever started it.
        return super().visible_to(user).filter(owner=user)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(OrganisationScopedModel):
    """Progress of a background task, polled by the page that started it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result_file = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}


from maillage.core.audit_models import AuditEvent  # noqa: E402, F401  (model registration)
