"""French error pages, and error reports and logs without personal data.

The 500 page renders without context processors: the database may be down.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("500.html").render())


# --- No personal data in error reports and logs ---------------------------------------------
# A crash report goes to a console, a log collector, an administrator's mailbox: places with
# weaker protection than the database. Values typed by people (a name in a search, a note in a
# form), exception messages (PostgreSQL's "Key (email)=(…) already exists") and local
# variables are personal data there. Reports keep what locates the bug: the exception's type,
# the frames and the code lines, the parameter names. DEBUG (a developer's machine) keeps all.

HIDDEN = "[hidden: may hold personal data]"
# The request headers that say how a request came, never what it carried.
_SAFE_META = frozenset(
    {
        "REQUEST_METHOD",
        "PATH_INFO",
        "SCRIPT_NAME",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
        "CONTENT_TYPE",
        "CONTENT_LENGTH",
        "HTTP_HOST",
        "HTTP_USER_AGENT",
        "HTTP_ACCEPT",
        "HTTP_ACCEPT_LANGUAGE",
        "HTTP_HX_REQUEST",
        "HTTP_HX_TARGET",
        "wsgi.url_scheme",
    }
)


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Hides every posted value and every local variable, not only those marked sensitive."""

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is None or settings.DEBUG:
            return super().get_post_parameters(request)
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        if settings.DEBUG:
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        if settings.DEBUG:
            return super().get_safe_request_meta(request)
        return {
            key: value if key in _SAFE_META else self.cleansed_substitute
            for key, value in request.META.items()
        }


class PrivateExceptionReporter(ExceptionReporter):
    """The report of a crash (administrators' e-mail) without the values of the request."""

    def get_traceback_data(self) -> dict[str, Any]:
        data: dict[str, Any] = super().get_traceback_data()
        if settings.DEBUG:
            return data
        if "exception_value" in data:
            data["exception_value"] = HIDDEN
        data.pop("exception_notes", None)
        data["unicode_hint"] = ""
        for frame in data["frames"]:
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = f"{type(frame['exc_cause']).__name__}: {HIDDEN}"
        request = self.request
        if request is not None:
            hidden = self.filter.cleansed_substitute
            data["request_GET_items"] = [(key, hidden) for key in request.GET]
            data["request_FILES_items"] = [(key, hidden) for key in request.FILES]
            data["request_insecure_uri"] = request.path
            user = getattr(request, "user", None)
            data["user_str"] = f"user #{user.pk}" if user is not None and user.pk else "anonymous"
        return data


class PrivateFormatter(logging.Formatter):
    """Log lines whose tracebacks keep the frames and types but drop exception messages."""

    def formatException(self, ei: Any) -> str:
        _type, value, _tb = ei
        if value is None:
            return super().formatException(ei)
        chain: list[BaseException] = []
        current: BaseException | None = value
        while current is not None and current not in chain:
            chain.append(current)
            current = current.__cause__ or (
                None if current.__suppress_context__ else current.__context__
            )
        parts: list[str] = []
        for exc in reversed(chain):
            if parts:
                parts.append("\nThe above exception led to the following one:\n")
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(exc.__traceback__))
            parts.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {HIDDEN}")
        return "".join(parts)
