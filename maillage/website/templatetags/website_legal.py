"""The links the law asks of every public page, in its footer: the accessibility statement and
the privacy policy of the organisation the page belongs to, or the statement of the pages the
network shares when it belongs to none (the calendar, the social offer, the list of
organisations)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from maillage.core.models import Organisation

register = template.Library()


@register.inclusion_tag("website/public/_footer_links.html")
def public_footer_links(organisation: Organisation | None = None) -> dict[str, Any]:
    if isinstance(organisation, Organisation):
        return {
            "organisation": organisation,
            "accessibility_url": reverse("website:accessibility", args=[organisation.slug]),
            "privacy_url": reverse("website:privacy", args=[organisation.slug]),
        }
    return {"accessibility_url": reverse("website:accessibility_network")}
