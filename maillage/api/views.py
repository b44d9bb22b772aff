"""The team's pages of the API tokens: list, create (the token is shown once), revoke."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.api import queries, services
from maillage.api.forms import TokenForm
from maillage.api.models import ApiToken
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404


@org_view(Perm.MANAGE_ORGANISATION)
def token_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/token_list.html",
        {"tokens": queries.tokens_of(request.user), "now": timezone.now()},
    )


@org_view(Perm.MANAGE_ORGANISATION)
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires = data["expires_on"]
        try:
            token, secret = services.api_token_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                name=data["name"],
                scopes=list(data["scopes"]),
                expires_at=timezone.make_aware(datetime.combine(expires, time.max))
                if expires
                else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The secret is on this page only: core.middleware keeps every cache from it.
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/token_form.html", {"form": form})


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_visible_or_404(ApiToken, request.user, pk=pk)
    try:
        services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:token_list")
