from __future__ import annotations

import os
from typing import Any

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
