"""Links that an area adds to another area's page, without that page's app importing it: the
person page links to the schooling timeline, the follow-up page to recording the young
person's situation. The app that owns the page names a slot (`"people.person"`); the area
registers a provider for it at start; the page's view asks for the links of its object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Link:
    url: str
    label: str


LinkProvider = Callable[[HttpRequest, Any], Link | None]
PAGE_LINKS: dict[str, list[LinkProvider]] = {}


def register_link(slot: str, provider: LinkProvider) -> None:
    providers = PAGE_LINKS.setdefault(slot, [])
    if provider not in providers:
        providers.append(provider)


def links_for(slot: str, request: HttpRequest, obj: Any) -> list[Link]:
    """The links the areas give this object's page (each provider decides who sees its own)."""
    return [link for provider in PAGE_LINKS.get(slot, []) if (link := provider(request, obj))]
