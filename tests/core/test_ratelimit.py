"""The shared rate limit: a counter per key and window in Django's cache."""

from __future__ import annotations

import threading

from django.core.cache import cache
from django.test import RequestFactory

from maillage.core import ratelimit


def test_hits_are_allowed_up_to_the_limit_then_refused() -> None:
    results = [ratelimit.hit("form:198.51.100.7", limit=3, period=3600) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_each_key_has_its_own_counter() -> None:
    for _ in range(2):
        assert ratelimit.hit("form:198.51.100.7", limit=2, period=3600)
    assert not ratelimit.hit("form:198.51.100.7", limit=2, period=3600)
    assert ratelimit.hit("form:198.51.100.8", limit=2, period=3600)
    assert ratelimit.hit("other-form:198.51.100.7", limit=2, period=3600)


def test_a_new_window_starts_a_new_count(monkeypatch) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert ratelimit.hit("k", limit=1, period=60)
    assert not ratelimit.hit("k", limit=1, period=60)
    now[0] += 60
    assert ratelimit.hit("k", limit=1, period=60)


def test_a_counter_lost_by_the_cache_starts_again() -> None:
    assert ratelimit.hit("k", limit=1, period=60)
    cache.clear()
    assert ratelimit.hit("k", limit=1, period=60)


def test_a_limit_of_zero_refuses_everything() -> None:
    assert not ratelimit.hit("k", limit=0, period=60)


def test_simultaneous_hits_are_each_counted_once() -> None:
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def one() -> None:
        start.wait()
        allowed = ratelimit.hit("crowd", limit=5, period=3600)
        with lock:
            results.append(allowed)

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 5 and results.count(False) == 15


def test_the_client_is_its_connection_address_not_a_header_it_typed() -> None:
    request = RequestFactory().post(
        "/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert ratelimit.client_ip(request) == "203.0.113.5"
    assert ratelimit.client_key(request, "form") == "form:203.0.113.5"


def test_the_cache_never_holds_the_address_in_clear() -> None:
    ratelimit.hit("form:203.0.113.5", limit=5, period=3600)
    keys = list(cache._cache)  # the local-memory cache of the tests
    assert keys and not any("203.0.113.5" in key for key in keys)
