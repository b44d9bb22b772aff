"""The casework badges in templates: `{{ followup|status_badge }}`, `{{ state|due_badge }}`.

The same functions as the rows built in Python (casework.rows), so a badge has one markup.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from maillage.casework import rows

register = template.Library()


@register.filter
def status_badge(obj: Any) -> SafeString:
    """The status of a follow-up or a referral, in words."""
    return rows.status_badge(obj.status, obj.get_status_display())


@register.filter
def due_badge(state: str) -> SafeString:
    """`overdue`, `today` or `soon` (casework.queries.due_state) in words; nothing otherwise."""
    return rows.due_badge(state)
