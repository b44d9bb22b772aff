from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.core.scoping import current_organisation_id


class AuditKind(models.TextChoices):
    WRITE = "write", _("Modification")
    READ = "read", _("Consultation")
    AUTH = "auth", _("Sign-in")


class AppendOnlyError(RuntimeError):
    pass


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: Any) -> AuditQuerySet:
        """Events of the current organisation, plus sign-ins of its members."""
        org_id = current_organisation_id(user)
        if org_id is None:
            return self.none()
        from maillage.core.models import Membership

        members = Membership.objects.filter(organisation_id=org_id).values("user_id")
        return self.filter(
            Q(organisation_id=org_id) | Q(organisation__isnull=True, actor_id__in=members)
        )

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only")


class AuditEvent(models.Model):
    """One line of the append-only audit and access log (database triggers enforce it)."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text so the line still reads right if the account is renamed.
    actor_label = models.CharField(_("who"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AuditKind.choices)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only")
