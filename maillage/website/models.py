"""The public face of an organisation: its presentation, news posts and job offers.

Everything here is written by the team and read by anyone once published; job applications
are the exception, personal data kept for the organisation only and deleted after
`MAILLAGE_APPLICATION_RETENTION_DAYS`.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.crypto import EncryptedTextField
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet
from maillage.core.uploads import StoredFile


class SiteProfile(models.Model):
    """The organisation's presentation page; one per organisation, created on first edit."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, related_name="site_profile"
    )
    is_published = models.BooleanField(_("public page published"), default=False)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    presentation = models.TextField(_("presentation"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("website:organisation", kwargs={"slug": self.organisation.slug})


class PublishedQuerySet[M: models.Model](ScopedQuerySet[M]):
    def published(self, now: Any = None) -> Self:
        """What anyone may read: published, not in the future, of an active organisation."""
        return self.filter(
            published_at__isnull=False,
            published_at__lte=now or timezone.now(),
            organisation__is_active=True,
        )


class NewsImage(OrganisationScopedModel, StoredFile):
    """A news post's picture (PNG or JPEG), served publicly once its post is published."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    alt = models.CharField(_("description of the image"), max_length=200)

    class Meta:
        verbose_name = _("news image")
        verbose_name_plural = _("news images")


class NewsPost(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="news_posts"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    image = models.OneToOneField(
        NewsImage, on_delete=models.SET_NULL, null=True, blank=True, related_name="post"
    )
    # Null: a draft. A date in the future: scheduled.
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Any] = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The public page; reads `organisation.slug` (select it with the post in lists)."""
        return reverse("website:news", kwargs={"slug": self.organisation.slug, "pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.published_at is not None and self.published_at > timezone.now()


class ContractKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent contract (CDI)")
    FIXED_TERM = "fixed_term", _("Fixed-term contract (CDD)")
    REPLACEMENT = "replacement", _("Replacement contract")
    STUDENT = "student", _("Student job")
    INTERNSHIP = "internship", _("Internship")
    VOLUNTEER = "volunteer", _("Volunteering")
    OTHER = "other", _("Other")


class JobOfferQuerySet(PublishedQuerySet["JobOffer"]):
    def open(self, today: Any = None) -> JobOfferQuerySet:
        """Published and still open: shown until the end of the deadline's day."""
        today = today or timezone.localdate()
        return self.published().filter(Q(deadline__gte=today), closed_at__isnull=True)


class JobOffer(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="job_offers"
    )
    title = models.CharField(_("title"), max_length=200)
    contract = models.CharField(_("contract"), max_length=20, choices=ContractKind.choices)
    hours = models.CharField(
        _("working hours"), max_length=100, help_text=_("e.g. half-time, 19 h a week")
    )
    place = models.CharField(_("place of work"), max_length=200)
    deadline = models.DateField(_("application deadline"))
    description = models.TextField(_("description"))
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    # Closed by the team before the deadline: no longer shown, no longer taking applications.
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Any] = JobOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("website:job", kwargs={"slug": self.organisation.slug, "pk": self.pk})

    def is_open(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.published_at is not None
            and self.published_at <= timezone.now()
            and self.closed_at is None
            and self.deadline >= today
        )


class JobApplication(OrganisationScopedModel, StoredFile):
    """An application with its CV (the stored file). `offer` is null for a spontaneous one."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    offer = models.ForeignKey(
        JobOffer, on_delete=models.CASCADE, null=True, blank=True, related_name="applications"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    message = EncryptedTextField(_("message"), blank=True, default="")
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        # The log is append-only and outlives the application: never the candidate's name.
        return f"Candidature n° {self.pk}"
