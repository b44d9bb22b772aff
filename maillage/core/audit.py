"""Writing to the audit and access log: one function, secrets masked on the way in."""

from __future__ import annotations

import contextvars
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from maillage.core.audit_models import AuditEvent, AuditKind
from maillage.core.bulk import insert_many

# Whole words of a key, so `postcode` stays readable while `recovery_code` is masked.
_SECRET_KEY = re.compile(
    r"(^|_)(password\d?|secret|token|keys?|otp|totp|recovery|codes?|notes?|health)($|_)",
    re.IGNORECASE,
)
MASK = "•••"


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None
    user_agent: str


_request_info: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "maillage_request_info", default=None
)


def set_request_info(info: RequestInfo | None) -> contextvars.Token[RequestInfo | None]:
    return _request_info.set(info)


def reset_request_info(token: contextvars.Token[RequestInfo | None]) -> None:
    _request_info.reset(token)


def mask(value: Any) -> Any:
    """Replace the values of secret-looking keys, at any depth."""
    if isinstance(value, dict):
        return {
            key: MASK if _SECRET_KEY.search(str(key)) and item not in ("", None) else mask(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _label(target: models.Model | None) -> str:
    """How the log names an object. Models about young people define `audit_label` without
    their name: the log is append-only, and an erased person must not stay named in it."""
    if target is None:
        return ""
    return str(getattr(target, "audit_label", None) or target)


def audit_log(
    *,
    actor: Any,
    action: str,
    kind: str = AuditKind.WRITE,
    target: models.Model | None = None,
    organisation: Any = None,
    changes: dict[str, Any] | None = None,
    target_label: str = "",
) -> AuditEvent:
    """Append one event. `action` is a dotted code: `<app>.<object>.<verb>`."""
    event = _event(actor, action, kind, target, organisation, changes, target_label)
    event.save()
    return event


def audit_log_many(
    *,
    actor: Any,
    action: str,
    targets: Sequence[models.Model],
    changes: Sequence[dict[str, Any]] | None = None,
    kind: str = AuditKind.WRITE,
) -> None:
    """One event per target, written in one statement: for the rows an import creates."""
    events = [
        _event(actor, action, kind, target, None, changes[n] if changes else None, "")
        for n, target in enumerate(targets)
    ]
    insert_many(AuditEvent, events)


def _event(
    actor: Any,
    action: str,
    kind: str,
    target: models.Model | None,
    organisation: Any,
    changes: dict[str, Any] | None,
    target_label: str,
) -> AuditEvent:
    info = _request_info.get()
    is_user = getattr(actor, "is_authenticated", False)
    # The target's organisation by its id: loading the Organisation to name its key was one
    # more query on every read of a follow-up (issue 18).
    organisation_id = (
        getattr(organisation, "pk", organisation)
        if organisation is not None
        else getattr(target, "organisation_id", None)
    )
    return AuditEvent(
        actor=actor if is_user else None,
        actor_label=(actor.email if is_user else "")[:200],
        kind=kind,
        action=action,
        organisation_id=organisation_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or _label(target))[:200],
        changes=mask(changes or {}),
        ip=info.ip if info else None,
        user_agent=info.user_agent[:300] if info else "",
    )
