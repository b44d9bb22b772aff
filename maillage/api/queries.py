from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from maillage.api.models import ApiToken


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The tokens of the user's organisation, the newest first, revoked ones included."""
    tokens: QuerySet[ApiToken] = (
        ApiToken.objects.visible_to(user)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
    return tokens
