"""How a call to the API is authenticated, scoped and rate-limited.

A token binds its technical user to the token's organisation with a coordinator's reach
(`bind_organisation`), so every read goes through the same `visible_to` as the team's pages
and every write through the same services, which audit with that user as the actor. Scopes
narrow what the token may call, on top.
"""

from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from maillage.api.models import ApiToken, Scope
from maillage.api.services import api_token_authenticate
from maillage.core import ratelimit
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation

RATE_PERIOD = 60


class ApiError(Exception):
    """Answered as `{"detail": message}` with `status`."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class Unauthenticated(ApiError):
    def __init__(self, detail: str) -> None:
        super().__init__(401, detail)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mlg_<prefix>_<secret>`. A token that is presented but wrong,
    revoked or expired is a 401 even where no token is needed: the caller must know. With a
    `scope`, a token without it is a 403, before the body is even read."""

    def __init__(self, scope: Scope | None = None) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if header and not header.lower().startswith("bearer "):
            raise Unauthenticated(_("Send the token as “Authorization: Bearer <token>”."))
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = api_token_authenticate(token)
        if found is None:
            raise Unauthenticated(_("This token is unknown, revoked or expired."))
        if self.scope is not None and self.scope.value not in found.scopes:
            raise ApiError(
                403,
                _("This token does not have the permission “%(scope)s”.")
                % {"scope": self.scope.value},
            )
        user = found.user
        bind_organisation(user, found.organisation_id, roles=frozenset({Role.COORDINATOR}))
        request.user = user
        return found


class Anonymous:
    """The caller of a public operation who sent no token."""

    def __bool__(self) -> bool:
        return True


ANONYMOUS = Anonymous()


def anonymous(request: HttpRequest) -> Anonymous:
    return ANONYMOUS


token_auth = TokenAuth()
# Public operations: a valid token widens what is seen, no token is fine, a bad one is a 401.
optional_auth = [token_auth, anonymous]


def token_of(request: HttpRequest) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def scoped(scope: Scope) -> TokenAuth:
    """The authentication of an operation that needs a token holding `scope`."""
    return TokenAuth(scope)


def the_token(request: HttpRequest) -> ApiToken:
    """The token of an operation declared with `scoped(...)`."""
    token = token_of(request)
    if token is None:  # not reached: the operation's auth refused the call before
        raise Unauthenticated(_("This operation needs a token."))
    return token


def has_scope(request: HttpRequest, scope: Scope) -> bool:
    token = token_of(request)
    return token is not None and scope.value in token.scopes


class RateLimit(BaseThrottle):
    """MAILLAGE_API_RATE_PER_MINUTE calls per token, or per address without a token, on
    core.ratelimit's fixed windows (the cache the sign-in and public forms use)."""

    def allow_request(self, request: HttpRequest) -> bool:
        limit: int = settings.MAILLAGE_API_RATE_PER_MINUTE
        if limit <= 0:
            return True
        token = token_of(request)
        key = f"api:token:{token.prefix}" if token else f"api:ip:{ratelimit.client_ip(request)}"
        return ratelimit.hit(key, limit=limit, period=RATE_PERIOD)

    def wait(self) -> float:
        """Seconds until the current window ends."""
        return max(1.0, math.ceil(RATE_PERIOD - time.time() % RATE_PERIOD))
