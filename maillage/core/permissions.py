"""The declarative permission every view carries."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.core.roles import Perm

View = Callable[..., HttpResponse]


def org_view(perm: Perm | None) -> Callable[[View], View]:
    """Require a signed-in member of the current organisation holding `perm`.

    `perm=None` means any member. The permission is kept on the view so the authorisation
    test can check that every page declares one.
    """

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            org = getattr(request, "org", None)
            if org is None:
                return render(request, "core/no_organisation.html", status=403)
            if perm is not None and not org.has(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.maillage_perm = perm or "member"  # type: ignore[attr-defined]
        return wrapped

    return decorate


def account_view(view: View) -> View:
    """A page about the signed-in person themselves: no organisation needed."""
    wrapped = login_required(view)
    wrapped.maillage_perm = "account"  # type: ignore[attr-defined]
    return wrapped


def public_view(view: View) -> View:
    """Mark a page that anyone may open (error pages, public pages)."""
    view.maillage_perm = "public"  # type: ignore[attr-defined]
    return view
