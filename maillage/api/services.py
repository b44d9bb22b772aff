"""Writes of the API tokens: create (the secret is returned once, never stored nor logged)
and revoke. Reads of a presented token are here too, as they stamp `last_used_at`."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.api.models import ApiToken, Scope
from maillage.core.audit import audit_log
from maillage.core.models import Organisation, User
from maillage.core.scoping import current_organisation_id
from maillage.core.validation import Errors, raise_errors

TOKEN_PREFIX = "mlg"  # noqa: S105 - the visible start of every token, not a secret
TECHNICAL_DOMAIN = "tokens.maillage.invalid"
# `last_used_at` is written at most this often: a busy integration must not write per call.
LAST_USED_STEP = timedelta(minutes=1)


def secret_hash(secret: str) -> str:
    """What is stored of a token's secret: tokens are 32 random bytes, so a fast hash is right."""
    return hashlib.sha256(secret.encode()).hexdigest()


def technical_email(prefix: str) -> str:
    return f"api-{prefix}@{TECHNICAL_DOMAIN}"


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token of `organisation`; returns it with the token string, shown once."""
    if current_organisation_id(actor) != organisation.pk:
        raise PermissionDenied
    errors: Errors = {}
    name = name.strip()
    if not name:
        errors["name"] = [_("Give the token a name (the system that will use it).")]
    chosen = [scope for scope in Scope.values if scope in set(scopes)]
    if not scopes or len(chosen) != len(set(scopes)):
        errors["scopes"] = [_("Choose at least one permission from the list.")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry date must be in the future.")]
    raise_errors(errors)
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    user = User.objects.create_user(technical_email(prefix), None, first_name=name[:150])
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        scopes=chosen,
        prefix=prefix,
        secret_hash=secret_hash(secret),
        user=user,
        created_by=actor,
        expires_at=expires_at,
    )
    audit_log(
        actor=actor,
        action="api.token.created",
        target=token,
        changes={"scopes": chosen, "expires_at": expires_at.isoformat() if expires_at else ""},
    )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke for good; the technical user is deactivated with it."""
    if current_organisation_id(actor) != token.organisation_id:
        raise PermissionDenied
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is not None:
        raise_errors({"__all__": [_("This token is already revoked.")]})
    current.revoked_at = timezone.now()
    current.save(update_fields=["revoked_at"])
    User.objects.filter(pk=current.user_id).update(is_active=False)
    audit_log(actor=actor, action="api.token.revoked", target=current, changes={})
    return current


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The usable token this string is, or None. The secret is compared in constant time."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user", "organisation")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, secret_hash(parts[2])):
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
