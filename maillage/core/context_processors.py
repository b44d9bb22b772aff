from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from maillage.core.roles import Perm


def organisation(request: HttpRequest) -> dict[str, Any]:
    return {"org": getattr(request, "org", None), "Perm": Perm}
