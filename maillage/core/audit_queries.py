"""Searching the audit log: shared by the DPO page and its CSV export."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from maillage.core.audit_models import AuditEvent, AuditQuerySet


def _day_start(value: Any) -> datetime | None:
    if isinstance(value, str) and value:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time.min))
    return None


def audit_search(user: Any, filters: dict[str, Any]) -> AuditQuerySet:
    """Events the user may see, narrowed by the cleaned search form (or its JSON copy)."""
    events = AuditEvent.objects.visible_to(user).select_related(None)
    text = (filters.get("q") or "").strip()
    if text:
        events = events.filter(
            Q(actor_label__icontains=text) | Q(target_label__icontains=text) | Q(target_id=text)
        )
    if action := (filters.get("action") or "").strip():
        events = events.filter(action__startswith=action)
    if kind := filters.get("kind"):
        events = events.filter(kind=kind)
    if ip := (filters.get("ip") or "").strip():
        events = events.filter(ip=ip)
    if start := _day_start(filters.get("date_from")):
        events = events.filter(created_at__gte=start)
    if end := _day_start(filters.get("date_to")):
        events = events.filter(created_at__lt=end + timedelta(days=1))
    return events.order_by("-created_at", "-pk")
