"""Sign-in events go to the audit log, and a new session starts its idle deadline."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.middleware import stamp_session


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # Signing in saves the session: its idle deadline starts now, not at the next page.
        stamp_session(request.session)
    audit_log(actor=user, action="core.auth.logged_in", kind=AuditKind.AUTH, target=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_log(actor=user, action="core.auth.logged_out", kind=AuditKind.AUTH, target=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:200]
    audit_log(
        actor=None,
        action="core.auth.login_failed",
        kind=AuditKind.AUTH,
        target_label=attempted,
    )
