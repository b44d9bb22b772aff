"""Which addresses a webhook may call: no server-side request forgery.

Whoever manages an endpoint chooses the URL the server will call. Without these checks
they could make Maillage call the machines beside it (a database, a cloud's metadata
service), so a URL must be https and its host must resolve to public addresses only. The
check runs when the endpoint is saved and again before every send, on the address that is
then actually connected to (a name may resolve elsewhere later). Tests and closed networks
turn `MAILLAGE_WEBHOOK_ALLOW_PRIVATE` on.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(Exception):
    """The URL may not be called; the message says why, in French."""


@dataclass(frozen=True)
class Target:
    url: SplitResult
    host: str
    port: int
    address: str  # the IP address to connect to, checked

    @property
    def is_https(self) -> bool:
        return self.url.scheme == "https"

    @property
    def path(self) -> str:
        path = self.url.path or "/"
        return f"{path}?{self.url.query}" if self.url.query else path


def _allow_private() -> bool:
    return bool(settings.MAILLAGE_WEBHOOK_ALLOW_PRIVATE)


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def split(url: str) -> SplitResult:
    """The parts of a URL Maillage may call, or RefusedAddress."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise RefusedAddress(_("This address is not a valid URL.")) from None
    allowed = ("https", "http") if _allow_private() else ("https",)
    if parts.scheme not in allowed:
        raise RefusedAddress(_("The address must start with https://."))
    if not parts.hostname:
        raise RefusedAddress(_("The address has no server name."))
    if parts.username is not None or parts.password is not None:
        raise RefusedAddress(
            _("Put no user name or password in the address: the signature proves who sends.")
        )
    if parts.fragment:
        raise RefusedAddress(_("Remove the part after # from the address."))
    return parts


def resolve(url: str) -> Target:
    """The URL with the address to connect to, checked; RefusedAddress if none may be used.

    Every address of the name must be public: a name that also points inside the network
    is refused rather than tried at random."""
    parts = split(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise RefusedAddress(
            _("No server answers to the name %(host)s.") % {"host": host}
        ) from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise RefusedAddress(_("No server answers to the name %(host)s.") % {"host": host})
    if not _allow_private() and not all(is_public(address) for address in addresses):
        raise RefusedAddress(
            _(
                "This address leads to a private or local network: Maillage only calls "
                "servers reachable on the internet."
            )
        )
    return Target(url=parts, host=host, port=port, address=str(addresses[0]))


def url_error(url: str) -> str | None:
    """Why this URL can't be registered, or None."""
    try:
        resolve(url)
    except RefusedAddress as exc:
        return str(exc)
    return None
