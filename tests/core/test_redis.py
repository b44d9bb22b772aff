"""REDIS_URL, the shared cache of several web servers, against the real Redis on loopback
(database 15, emptied around each test): setting it used to break every page, since the
`redis` package was missing; sessions then go to cached_db, so losing Redis signs no one out."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_db() -> Iterator[Any]:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis at 127.0.0.1:6379 (CI has one)")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def test_redis_url_gives_a_shared_cache_and_sessions_kept_in_the_database(
    redis_db: Any, tmp_path: Path
) -> None:
    # The production settings module, read as `maillage serve` reads it.
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.core.cache import cache\n"
        "cache.set('maillage-probe', 'ok', 30)\n"
        "print(settings.SESSION_ENGINE, cache.get('maillage-probe'))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
        "REDIS_URL": REDIS_URL,
        "MAILLAGE_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["django.contrib.sessions.backends.cached_db", "ok"]
    assert redis_db.keys("*maillage-probe*")  # in Redis itself, not in a local copy


def test_a_signed_in_worker_stays_signed_in_when_redis_loses_everything(
    redis_db: Any, login: Any, member: Any
) -> None:
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    with override_settings(
        CACHES=redis_cache, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        client = login(member)
        assert client.get(reverse("core:home")).status_code == 200
        assert redis_db.dbsize() > 0 and Session.objects.exists()

        redis_db.flushdb()  # Redis restarted empty

        assert client.get(reverse("core:home")).status_code == 200
