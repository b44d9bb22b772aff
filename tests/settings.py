"""Test settings: the real settings, with faster hashing and in-memory e-mail."""

import os

os.environ.setdefault("MAILLAGE_ENCRYPTION_KEYS", "7qfF5AT4dNiz6vvVbH1m3uGjU-gDHYtgV0q5yhzC0sM=")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("MAILLAGE_HTTPS", "0")

from maillage.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.crypto_app"]  # noqa: F405
# Unlimited sign-in attempts except in the throttling test, which sets its own limit.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login_failed": False}  # noqa: F405
MAILLAGE_MFA_REQUIRED_ROLES = set()
WHITENOISE_AUTOREFRESH = True
# allauth remembers used TOTP codes in the cache: keep it per process and clear it per test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server is plain http://localhost

# Live servers and subprocess tests open connections in threads that end with the test: a
# connection kept for a minute would outlive them and hold the test database at teardown.
# The servers started from the real settings (tests/bench, tests/core/test_serve.py) keep
# the production default.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: parallel tests need several connections to one database, as the
    # web and task processes have in production (WAL and IMMEDIATE transactions serialise
    # the writers).
    # One file per test process, so two runs side by side never share it. On a fresh clone
    # nothing has made var/ yet (tests set their keys, so no key file is written there).
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
else:
    # Tests never need a commit to survive a crash of the database server: no wait for the
    # WAL flush at each commit (transactional tests, live servers, subprocesses).
    DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"  # noqa: F405
