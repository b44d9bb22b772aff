"""Encryption at rest for notes and sensitive fields.

Keys come from MAILLAGE_ENCRYPTION_KEYS (comma-separated Fernet keys): the first encrypts,
all decrypt. Rotation without downtime: put a new key first, deploy, run
`maillage rotate-keys`, then remove the old key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class DecryptionError(Exception):
    pass


@lru_cache(maxsize=4)
def _keys(raw: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not raw:
        raise ImproperlyConfigured("MAILLAGE_ENCRYPTION_KEYS is empty")
    try:
        fernets = [Fernet(key.encode()) for key in raw]
    except ValueError as exc:
        raise ImproperlyConfigured(
            "MAILLAGE_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes), "
            "separated by commas"
        ) from exc
    return MultiFernet(fernets), fernets[0]


def _multi() -> MultiFernet:
    return _keys(tuple(settings.MAILLAGE_ENCRYPTION_KEYS))[0]


def encrypt(text: str) -> str:
    return _multi().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _multi().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("No configured key decrypts this value") from None


def is_current(token: str) -> bool:
    """Whether `token` was encrypted with the current (first) key."""
    primary = _keys(tuple(settings.MAILLAGE_ENCRYPTION_KEYS))[1]
    try:
        primary.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored as a Fernet token. It can't be searched or sorted in SQL, by design."""

    description = "Encrypted text"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # Comparing ciphertexts is meaningless: only "is null" makes sense.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


def secret_columns(model: type[models.Model]) -> list[str]:
    """The names of the model's encrypted columns."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = secret_columns(model)
        if names and not model._meta.proxy:
            found.append((model, names))
    return found
