"""Links: the absolute addresses of the product, and the links an area adds to another's page.

`absolute_url` is the one way to write an address that leaves the browser (e-mails, calendar
files, feeds, canonical links): it is built on MAILLAGE_BASE_URL, never on the Host header of
a request, which anyone can type and which behind a proxy is often the proxy's own address
(`127.0.0.1:8000`). `site_domain` is that address's host name, for identifiers that need a
domain (e-mail Message-IDs).

Page links: the person page links to the schooling timeline, the follow-up page to recording
the young person's situation, without that page's app importing the area. The app that owns
the page names a slot (`"people.person"`); the area registers a provider for it at start; the
page's view asks for the links of its object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import punycode


@lru_cache(maxsize=4)
def _ascii_base(base: str) -> str:
    """The base URL with its host in ASCII (IDNA): an address that fits in any header."""
    parts = urlsplit(base.rstrip("/"))
    if parts.hostname is None or parts.hostname.isascii():
        return base.rstrip("/")
    host = punycode(parts.hostname)
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def absolute_url(path: str) -> str:
    """`path` (from `reverse()` or `get_absolute_url()`) on the product's public address; an
    address that is already absolute is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{_ascii_base(settings.MAILLAGE_BASE_URL)}/{path.lstrip('/')}"


def site_domain() -> str:
    """The host name of MAILLAGE_BASE_URL (no port), in ASCII."""
    host = urlsplit(settings.MAILLAGE_BASE_URL).hostname or "localhost"
    return punycode(host)


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
