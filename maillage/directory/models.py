"""The directory of the local social offer: the services organisations of the network offer.

A service belongs to the organisation that offers it; only that organisation edits it
(`Perm.MANAGE_NETWORK`). Published services are the network's shared knowledge: every
signed-in user reads them, and so does the public (the public page and the open-data
export). An unpublished service is a draft its organisation alone sees.

A service not updated, nor confirmed as still right, for twelve months is *stale*: its
organisation is told on the home page until someone edits it or confirms it.

`search_text` holds the searchable words without accents or case, so the text search is
accent-insensitive on every database. `save()` fills it; code that writes with
`bulk_create`/`bulk_update` calls `service.refresh_search_text()` first.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.roles import Perm, permissions_for
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet, current_roles

# How long an entry may go without an edit or a confirmation before it is flagged.
STALE_AFTER = timedelta(days=365)


def fold(text: str) -> str:
    """Lower case without accents: "Crèche Été" → "creche ete"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Theme(models.TextChoices):
    SCHOOLING_SUPPORT = "schooling_support", _("Schooling support")
    LITERACY = "literacy", _("Literacy")
    YOUTH_CENTRE = "youth_centre", _("Youth centre")
    SPORT = "sport", _("Sport")
    CULTURE = "culture", _("Culture")
    LEGAL_AID = "legal_aid", _("Legal aid")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT_TRAINING = "employment_training", _("Employment and training")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("Psychological support")
    FAMILY_SUPPORT = "family_support", _("Family support")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    """Empty means open to everyone; a value restricts the service."""

    GIRLS_WOMEN = "female", _("Girls and women only")
    BOYS_MEN = "male", _("Boys and men only")


class ServiceQuerySet(ScopedQuerySet["Service"]):
    def published(self) -> ServiceQuerySet:
        """What the public sees: published services of active organisations."""
        return self.filter(is_published=True, organisation__is_active=True)

    def visible_to(self, user: Any) -> ServiceQuerySet:
        """Published services for everyone signed in; drafts only for their organisation."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        own = super().visible_to(user)
        return self.filter(
            Q(is_published=True, organisation__is_active=True) | Q(pk__in=own.values("pk"))
        )

    def editable_by(self, user: Any) -> ServiceQuerySet:
        """The services of the user's current organisation, if they manage its network entries."""
        if Perm.MANAGE_NETWORK not in permissions_for(current_roles(user)):
            return self.none()
        return super().visible_to(user)

    def stale(self, now: datetime | None = None) -> ServiceQuerySet:
        """Services neither edited nor confirmed for twelve months."""
        limit = (now or timezone.now()) - STALE_AFTER
        return self.filter(updated_at__lt=limit).filter(
            Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=limit)
        )


class Service(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    description = models.TextField(_("description"), blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    gender = models.CharField(_("restricted to"), max_length=10, choices=Gender.choices, blank=True)
    communes = models.ManyToManyField(
        "core.Commune", blank=True, related_name="services", verbose_name=_("communes served")
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Separated by commas.")
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    price_note = models.CharField(_("price"), max_length=200, blank=True)
    access = models.TextField(_("how to access"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    reviewed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name", "pk"]
        constraints = [
            # The import's natural key: one service of a given name per organisation.
            models.UniqueConstraint(fields=["organisation", "name"], name="service_name_per_org"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_max__gte=models.F("age_min")),
                name="service_ages_in_order",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="service_coordinates_both_or_none",
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "theme"]),
            models.Index(fields=["organisation", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_text(self) -> None:
        parts = [self.name, self.description, self.address, self.languages, self.access]
        self.search_text = fold(" ".join(part for part in parts if part))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:service", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("directory:public_service", kwargs={"pk": self.pk})

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def last_checked(self) -> datetime:
        return max(self.updated_at, self.reviewed_at or self.updated_at)

    def is_stale(self, now: datetime | None = None) -> bool:
        return self.last_checked < (now or timezone.now()) - STALE_AFTER

    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    def age_range_display(self) -> str:
        if self.age_min is not None and self.age_max is not None:
            return str(_("%(min)s to %(max)s years") % {"min": self.age_min, "max": self.age_max})
        if self.age_min is not None:
            return str(_("from %(min)s years") % {"min": self.age_min})
        if self.age_max is not None:
            return str(_("up to %(max)s years") % {"max": self.age_max})
        return str(_("all ages"))
