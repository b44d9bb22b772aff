"""A small API with the defects schemathesis found in Maillage's (issue 19), served by
tests/api/test_schemathesis_catches.py to show that the conformance run fails on them."""

from datetime import time
from typing import Any

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI, Query, Schema
from ninja.security import HttpBearer

api = NinjaAPI(title="Broken", version="0", urls_namespace="broken-api", docs_url=None)


class AnyToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return token


class SessionOut(Schema):
    starts_at: time


@api.get("/sessions", response=list[SessionOut])
def sessions(request: HttpRequest) -> list[dict[str, time]]:
    """`format: time` answered without its offset ("09:00:00")."""
    return [{"starts_at": time(9)}]


@api.get("/public", response=list[int], auth=[AnyToken(), lambda request: True])
def public(request: HttpRequest) -> list[int]:
    """Open to anyone, yet declared as needing a token."""
    return [1]


@api.get("/shares", response=list[int])
def shares(request: HttpRequest, parts: int = Query(..., ge=0, le=10)) -> list[int]:
    """A 500 on a boundary of its parameter: 0 parts."""
    return [100 // parts]


urlpatterns = [path("broken/", api.urls)]
