from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from maillage.core import crypto
from maillage.core.links import absolute_url, site_domain


@dataclass(frozen=True)
class _Site:
    """What allauth's mails call `current_site`: Maillage at its address, not the request's
    host (behind a proxy often 127.0.0.1:8000)."""

    name: str
    domain: str


def _on_base_url(url: str) -> str:
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by an organisation's administrator, never by sign-up.
        return False

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_base_url(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth builds its links on the request; every link we mail is on MAILLAGE_BASE_URL.
        links = {
            key: _on_base_url(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str) and "://" in value
        }
        site = _Site(name="Maillage", domain=site_domain())
        super().send_mail(template_prefix, email, {**context, **links, "current_site": site})


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery seeds are encrypted with Maillage's keys."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
