from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.audit import RequestInfo, reset_request_info, set_request_info
from maillage.core.queries import org_context_for
from maillage.core.scoping import bind_organisation

Handler = Callable[[HttpRequest], HttpResponse]
ORG_SESSION_KEY = "maillage_org"


def client_ip(request: HttpRequest) -> str | None:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client's address available to the audit log without passing it around."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        info = RequestInfo(client_ip(request), request.META.get("HTTP_USER_AGENT", ""))
        token = set_request_info(info)
        try:
            return self.get_response(request)
        finally:
            reset_request_info(token)


# When the session last moved its idle deadline (seconds since the epoch).
_REFRESHED_KEY = "maillage_refreshed"


def stamp_session(session: Any) -> None:
    """Record that the session's deadline has just moved (it is being saved now)."""
    session[_REFRESHED_KEY] = int(time.time())


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that an unchanged session is written at most once a minute.

    The idle expiry (SESSION_COOKIE_AGE) slides with activity: each write moves the
    session's deadline and the cookie's. Writing on every request (Django's
    SESSION_SAVE_EVERY_REQUEST) cost an UPDATE and a COMMIT on every page; a write when
    the session changes, or when a minute has passed since the last one, keeps the deadline
    within a minute of the last request for a fraction of that.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            refreshed = session.get(_REFRESHED_KEY)
            stale = not isinstance(refreshed, int) or time.time() - refreshed >= 60
            if session.modified or stale:
                stamp_session(session)
        return super().process_response(request, response)


class SessionExpiryMiddleware:
    """Tells a person whose session ran out why they are asked to sign in again."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        had_cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
        if had_cookie and not request.user.is_authenticated and request.session.is_empty():
            messages.info(request, _("Your session has expired. Please sign in again."))
            if request.htmx:  # type: ignore[attr-defined]
                response = HttpResponse(status=204)
                response["HX-Redirect"] = f"{reverse(settings.LOGIN_URL)}?next={request.path}"
                return response
        return self.get_response(request)


class CurrentOrganisationMiddleware:
    """Loads the organisation the user acts for and the roles held there (one query)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.org = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            context = org_context_for(request.user, request.session.get(ORG_SESSION_KEY))
            request.org = context  # type: ignore[attr-defined]
            if context is None:
                bind_organisation(request.user, None, frozenset())
            else:
                bind_organisation(request.user, context.organisation.pk, context.roles)
        return self.get_response(request)


_MFA_EXEMPT_PREFIXES = ("/comptes/", "/static/", "/jsi18n/")
# Django's own admin sign-in form would skip allauth's throttling and second factor.
_ADMIN_LOGIN = "/admin/login/"


class MfaEnforcementMiddleware:
    """Members holding a role that requires MFA, and staff accounts (the admin site), must set
    up a second factor first. Every sign-in goes through allauth's form."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == _ADMIN_LOGIN:
            target = request.GET.get("next", "/admin/")
            return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': target})}")
        required = settings.MAILLAGE_MFA_REQUIRED_ROLES
        if required and self._must_use_mfa(request, required):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _("Your role requires two-step verification. Please set it up to continue."),
                )
                if request.htmx:  # type: ignore[attr-defined]
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("mfa_activate_totp")
                    return response
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_use_mfa(request: HttpRequest, required: set[str]) -> bool:
        if request.path.startswith(_MFA_EXEMPT_PREFIXES):
            return False
        user = request.user
        if user.is_authenticated and (user.is_staff or user.is_superuser):
            return True
        org = getattr(request, "org", None)
        return org is not None and bool(org.all_roles & required)


def _permissions_policy() -> str:
    return ", ".join(
        f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY
    )


def _holds_a_form(response: HttpResponse) -> bool:
    """A page with a form that posts (it carries the CSRF token field). Not the token alone:
    every page's layout hands HTMX one."""
    return (
        not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and b'name="csrfmiddlewaretoken"' in response.content
    )


class PrivacyHeadersMiddleware:
    """Two headers no answer may lack (SECURITY.md, Hardening). It sits above WhiteNoise, so
    static files get the first and keep their own caching.

    - `Permissions-Policy` (settings.PERMISSIONS_POLICY) on every response.
    - `Cache-Control: no-store, private` on every response that may hold personal data, so
      that neither a shared cache nor the browser (its history on a shared computer) keeps
      it: anything a signed-in person or an API token receives, every page not declared
      public (`public_view`), every answer to a form (not GET or HEAD), a public page that
      holds a form or shows what a visitor's session holds (their own registrations). Only
      truly public pages keep the caching they set (the calendar, the social offer, the open
      data, the secret calendar feed's `private, max-age`).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.policy = _permissions_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        if self._private(request, response):
            response["Cache-Control"] = "no-store, private"
        return response

    def process_view(self, request: HttpRequest, view: Any, *args: Any) -> None:
        request.maillage_public = getattr(view, "maillage_perm", None) == "public"  # type: ignore[attr-defined]

    @staticmethod
    def _private(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        return bool(
            (user is not None and user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
            or request.method not in ("GET", "HEAD")
            or getattr(request, "maillage_public", True) is False
            or (session is not None and not session.is_empty())
            or _holds_a_form(response)
        )
