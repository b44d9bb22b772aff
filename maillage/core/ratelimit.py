"""A small fixed-window rate limit on Django's cache, for the forms anyone may post.

One counter per key and window: the first hit of a window creates it with `cache.add` (which
only succeeds for one caller), the others `incr` it. Both are atomic on Redis and
memcached, and on the local-memory cache within a process; on the file cache of the
embedded setup two simultaneous hits may count once, which is good enough for one
association on one machine. Several web servers must share a cache (`REDIS_URL`) for the
limit to hold across them.

The key of a visitor is hashed: the cache never holds an IP address in clear.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

PREFIX = "maillage:ratelimit:"


def client_ip(request: HttpRequest) -> str:
    """The address the request came from. Behind a proxy, the server must hand the client's
    address in REMOTE_ADDR (gunicorn's `forwarded_allow_ips`): a header anyone can type is
    never trusted here."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _cache_key(key: str, period: int) -> str:
    window = int(time.time() // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"{PREFIX}{period}:{window}:{digest}"


def hit(key: str, *, limit: int, period: int) -> bool:
    """Count one hit for `key`; True while at most `limit` hits fell in the current window
    of `period` seconds, False once over the limit (the caller then refuses the request)."""
    if limit <= 0:
        return False
    cache_key = _cache_key(key, period)
    # Twice at most: the counter may expire between a failed add and the incr.
    for _attempt in range(2):
        if cache.add(cache_key, 1, timeout=period + 1):
            return True
        try:
            count = cache.incr(cache_key)
        except ValueError:
            continue
        return count <= limit
    return True  # the cache keeps losing the counter: let the visitor through


def client_key(request: HttpRequest, scope: str) -> str:
    """The key of one visitor for one form: `scope` names the form."""
    return f"{scope}:{client_ip(request)}"


PUBLIC_FORM_PERIOD = 3600


def public_form_allowed(request: HttpRequest, scope: str) -> bool:
    """Count one submission of the public form `scope` from this visitor; False once they
    passed MAILLAGE_PUBLIC_FORM_LIMIT in the hour (the view then answers 429)."""
    from django.conf import settings

    return hit(
        client_key(request, scope),
        limit=settings.MAILLAGE_PUBLIC_FORM_LIMIT,
        period=PUBLIC_FORM_PERIOD,
    )
