"""`{% privacy_notice organisation "key" %}`: the short notice every public form shows where
people type their data (see maillage/core/privacy_notices.py)."""

from __future__ import annotations

from typing import Any

from django import template

from maillage.core.models import Organisation
from maillage.core.privacy_notices import policy_url, processing, rights_contact

register = template.Library()


@register.inclusion_tag("core/partials/privacy_notice.html")
def privacy_notice(organisation: Organisation, key: str) -> dict[str, Any]:
    entry = processing(key)
    return {
        "organisation": organisation,
        "processing": entry,
        "retention": entry.retention(organisation),
        "contact": rights_contact(organisation),
        "policy_url": policy_url(organisation),
    }
