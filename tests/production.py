"""The environment of a production set-up, for tests that load the real settings in a
subprocess (the test settings would hide what production does)."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet


def clean_env() -> dict[str, str]:
    """The environment without anything the test settings exported."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MAILLAGE_", "DJANGO_"))
        and k not in {"SECRET_KEY", "DATABASE_URL", "DEBUG"}
    }


def production_env(var: Path, **extra: str) -> dict[str, str]:
    """DEBUG off, real secrets, a SQLite file under `var`, plus `extra` variables."""
    env = clean_env()
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "maillage.settings",
            "DEBUG": "0",
            "SECRET_KEY": "prod-" + Fernet.generate_key().decode() * 2,
            "MAILLAGE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "DATABASE_URL": f"sqlite:///{var / 'prod.sqlite3'}",
            "ALLOWED_HOSTS": "maillage.example.org",
            "MAILLAGE_BASE_URL": "https://maillage.example.org",
            "DEFAULT_FROM_EMAIL": "Maillage <noreply@maillage.example.org>",
            "MAILLAGE_VAR_DIR": str(var),
            **extra,
        }
    )
    return env
