"""API tokens: how another system (a school's software, a commune's portal) acts for one
organisation without a person's session.

A token is shown once (`mlg_<prefix>_<secret>`); the database keeps the prefix, to find the
row, and the SHA-256 of the secret. The secret is 32 random bytes, so a fast hash is right:
there is no password to guess, nothing a slow hash would protect better. Each token acts
through its own technical user, without membership (it never appears in a team and cannot
sign in), so the audit log names the token as the actor of every write it makes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet


class Scope(models.TextChoices):
    ACTIVITIES_READ = "activities:read", _("Read the activities, published or not")
    REGISTRATIONS_READ = "registrations:read", _("Read the registrations")
    REGISTRATIONS_WRITE = "registrations:write", _("Register and cancel registrations")
    ABSENCES_WRITE = "absences:write", _("Send absences")
    SIGNALS_READ = "signals:read", _("Read the signals")
    SIGNALS_WRITE = "signals:write", _("Record signals")


class ApiTokenQuerySet(ScopedQuerySet["ApiToken"]):
    def usable(self, now: Any = None) -> ApiTokenQuerySet:
        moment = now or timezone.now()
        return self.filter(revoked_at__isnull=True, organisation__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=moment)
        )


class ApiToken(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    # The technical user the token acts as (api-<prefix>@tokens.maillage.invalid).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects: ClassVar[Any] = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now: Any = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]
