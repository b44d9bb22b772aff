from __future__ import annotations

import os
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security)
def encryption_keys(app_configs: Any, **kwargs: Any) -> list[Any]:
    from maillage.core.crypto import _keys

    try:
        _keys(tuple(settings.MAILLAGE_ENCRYPTION_KEYS))
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="maillage.E001")]
    return []


@register(Tags.security, deploy=True)
def secrets_from_environment(app_configs: Any, **kwargs: Any) -> list[Any]:
    problems = []
    for name in ("SECRET_KEY", "MAILLAGE_ENCRYPTION_KEYS", "DATABASE_URL"):
        if not os.environ.get(name):
            problems.append(
                Warning(
                    f"{name} is not set in the environment: the embedded default is used.",
                    hint=f"Set {name} for a production deployment.",
                    id="maillage.W001",
                )
            )
    return problems


# Hosts that are this machine: links to them reach no one who reads an e-mail elsewhere.
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104
_DEFAULT_FROM_DOMAIN = "maillage.example"


@register(Tags.security, deploy=True)
def mail_identity(app_configs: Any, **kwargs: Any) -> list[Any]:
    """Every e-mail's links and Message-ID are built on MAILLAGE_BASE_URL, and its sender is
    DEFAULT_FROM_EMAIL: left at their defaults, mails point at 127.0.0.1:8000 and come from
    an address no one reads. Errors, not warnings: `check --deploy` fails."""
    problems = []
    base = urlsplit(settings.MAILLAGE_BASE_URL)
    if not os.environ.get("MAILLAGE_BASE_URL"):
        problems.append(
            Error(
                "MAILLAGE_BASE_URL is not set: links in e-mails and calendars would point at "
                f"{settings.MAILLAGE_BASE_URL}.",
                hint="Set MAILLAGE_BASE_URL to the address users open, e.g. https://maillage.example.org.",
                id="maillage.E002",
            )
        )
    elif base.scheme not in ("http", "https") or not base.hostname or base.hostname in _LOCAL_HOSTS:
        problems.append(
            Error(
                f"MAILLAGE_BASE_URL ({settings.MAILLAGE_BASE_URL}) is not a public address.",
                hint="Give the address users open, e.g. https://maillage.example.org.",
                id="maillage.E002",
            )
        )
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = sender.rpartition("@")[2].lower()
    if not os.environ.get("DEFAULT_FROM_EMAIL") or domain in (_DEFAULT_FROM_DOMAIN, ""):
        problems.append(
            Error(
                "DEFAULT_FROM_EMAIL is unset or left at its default: e-mails would come from "
                f"{settings.DEFAULT_FROM_EMAIL}.",
                hint="Set DEFAULT_FROM_EMAIL, e.g. Maillage <noreply@maillage.example.org>.",
                id="maillage.E003",
            )
        )
    elif "@" not in sender or domain in _LOCAL_HOSTS:
        problems.append(
            Error(
                f"DEFAULT_FROM_EMAIL ({settings.DEFAULT_FROM_EMAIL}) is not an address "
                "on a public domain.",
                hint="Set DEFAULT_FROM_EMAIL, e.g. Maillage <noreply@maillage.example.org>.",
                id="maillage.E003",
            )
        )
    return problems
