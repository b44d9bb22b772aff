"""Maillage settings: one module, driven by the environment.

Defaults give the embedded setup (SQLite under var/, console e-mail). Production sets
DATABASE_URL, SECRET_KEY, MAILLAGE_ENCRYPTION_KEYS, ALLOWED_HOSTS and leaves DEBUG off.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.utils.csp import CSP

from maillage.env import env_bool, env_float, env_int, env_list, env_str, secret_from_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("MAILLAGE_DEMO", False)

SECRET_KEY = env_str("SECRET_KEY", "") or secret_from_file(VAR_DIR / "secret_key")
# First key encrypts, the others only decrypt: add a new key in front, run
# `maillage rotate-keys`, then drop the old one.
MAILLAGE_ENCRYPTION_KEYS = env_list("MAILLAGE_ENCRYPTION_KEYS", []) or [
    secret_from_file(VAR_DIR / "encryption_key", lambda: Fernet.generate_key().decode())
]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "maillage.core",
    "maillage.people",
    "maillage.casework",
    "maillage.activities",
    "maillage.directory",
    "maillage.network",
    "maillage.concertation",
    "maillage.community",
    "maillage.schooling",
    "maillage.programmes",
    "maillage.privacy",
    "maillage.website",
    "maillage.newsletter",
    "maillage.api",
    "maillage.webhooks",
    "maillage.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise: static files get its Permissions-Policy too.
    "maillage.core.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Django's, writing an unchanged session at most once a minute (idle expiry slides).
    "maillage.core.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "maillage.core.middleware.RequestContextMiddleware",
    "maillage.core.middleware.SessionExpiryMiddleware",
    "maillage.core.middleware.CurrentOrganisationMiddleware",
    "maillage.core.middleware.MfaEnforcementMiddleware",
]

ROOT_URLCONF = "maillage.urls"
# Django's, except that a <select> is written in Python (long lists of organisations).
FORM_RENDERER = "maillage.core.renderers.FormRenderer"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.core.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}"),
        # A web worker keeps its connection for a minute: opening one (a new PostgreSQL
        # backend) cost more than the SQL of a whole page. Checked before reuse, so a
        # restarted database costs one failed check, not an error page.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # PostgreSQL's default random_page_cost (4) models spinning disks: it made the planner
    # scan 120,000 follow-ups where 750 index probes answer (issue 8). SSDs want ~1.1.
    _page_cost = env_float("MAILLAGE_PG_RANDOM_PAGE_COST", 1.1)
    # The JIT compiler starts when the planner's estimate passes a cost; on a report whose
    # rows it overestimated tenfold it spent 250-450 ms per query compiling (issue 18, P5)
    # for queries that run in milliseconds. Maillage's queries are short: no JIT.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={_page_cost} -c jit=off"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id (memory-hard) hashes new passwords; the others only check older hashes, which are
# rehashed with Argon2 at the next sign-in. Argon2 needs argon2-cffi: until it is installed
# PBKDF2 leads, as a missing library would otherwise make every sign-in fail.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "maillage" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves straight from the apps' static folders: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_ROOT = VAR_DIR / "private"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# Sessions end after this much inactivity (phones get lost, offices are shared).
SESSION_COOKIE_AGE = env_int("MAILLAGE_SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = False  # core.middleware.SessionMiddleware moves the deadline
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# HTMX sends the token from the page (data-hx-headers on <body>), so no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

HTTPS = env_bool("MAILLAGE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("MAILLAGE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses are refused to every page (core.middleware): only security
# keys (WebAuthn, MFA) are asked for, by our own pages. The map shows no position. Only
# features Chromium knows: an unknown one is a warning in every page's console.
PERMISSIONS_POLICY: list[tuple[str, list[str]]] = [
    ("accelerometer", []),
    ("autoplay", []),
    ("browsing-topics", []),
    ("camera", []),
    ("clipboard-read", []),
    ("display-capture", []),
    ("encrypted-media", []),
    ("fullscreen", ["self"]),
    ("geolocation", []),
    ("gyroscope", []),
    ("hid", []),
    ("idle-detection", []),
    ("magnetometer", []),
    ("microphone", []),
    ("midi", []),
    ("payment", []),
    ("picture-in-picture", []),
    ("publickey-credentials-create", ["self"]),
    ("publickey-credentials-get", ["self"]),
    ("screen-wake-lock", []),
    ("serial", []),
    ("usb", []),
    ("xr-spatial-tracking", []),
]
SILENCED_SYSTEM_CHECKS = (
    [] if HTTPS else ["security.W004", "security.W008", "security.W012", "security.W016"]
)

# The social offer's map: tiles from this address ({z}/{x}/{y}, {s} for a subdomain). The
# list stays usable without them (no tile server reachable, JavaScript off).
MAILLAGE_MAP_TILE_URL = env_str(
    "MAILLAGE_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
_TILE_ORIGIN = "/".join(MAILLAGE_MAP_TILE_URL.replace("{s}", "*").split("/")[:3])

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([_TILE_ORIGIN] if "://" in _TILE_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# One mailer: the console in the embedded setup, SMTP when MAILLAGE_SMTP_HOST is set.
_SMTP_HOST = env_str("MAILLAGE_SMTP_HOST", "")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _SMTP_HOST,
            "port": env_int("MAILLAGE_SMTP_PORT", 587),
            "username": env_str("MAILLAGE_SMTP_USER", ""),
            "password": env_str("MAILLAGE_SMTP_PASSWORD", ""),
            "use_tls": env_bool("MAILLAGE_SMTP_TLS", True),
        },
    }
    if _SMTP_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Maillage <noreply@maillage.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Shared by the web workers and the task worker (sign-in throttling counts live here).
_REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
    if _REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}
if _REDIS_URL:
    # Sessions read from the shared cache and written through to the database: several web
    # servers share them, and losing Redis signs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- django-allauth: e-mail login, no public sign-up, MFA ---
ACCOUNT_ADAPTER = "maillage.core.auth.AccountAdapter"
MFA_ADAPTER = "maillage.core.auth.MfaAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("MAILLAGE_LOGIN_FAILED_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Maillage] "
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Maillage"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Roles whose members must set up a second factor before using the product.
# Empty in the demo, so its accounts open with a password alone.
_ALL_ROLES = (
    "field_worker,coordinator,director,programme_coordinator,dpo,administrator,stats_viewer"
)
MAILLAGE_MFA_REQUIRED_ROLES = set(
    env_list("MAILLAGE_MFA_REQUIRED_ROLES", [] if DEMO else _ALL_ROLES.split(","))
)
MAILLAGE_SMALL_CELL_THRESHOLD = env_int("MAILLAGE_SMALL_CELL_THRESHOLD", 5)
# A running background job silent this long (seconds) is taken for dead (core.jobs).
MAILLAGE_JOB_STALE_SECONDS = env_int("MAILLAGE_JOB_STALE_SECONDS", 15 * 60)
MAILLAGE_PUBLIC_FORM_LIMIT = env_int("MAILLAGE_PUBLIC_FORM_LIMIT", 10)  # per IP and hour
# Job applications (CV and message) are deleted this many days after they arrive (website).
MAILLAGE_APPLICATION_RETENTION_DAYS = env_int("MAILLAGE_APPLICATION_RETENTION_DAYS", 180)
# API requests per token and minute (api); 0 lifts the limit.
MAILLAGE_API_RATE_PER_MINUTE = env_int("MAILLAGE_API_RATE_PER_MINUTE", 120)
# django-ninja (api): lists answer 50 rows unless asked, 100 at most; a larger limit is a 422.
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 100
# Webhook URLs on loopback or private networks are refused unless this is on: a token holder
# must not make the server call the machines behind it (webhooks).
MAILLAGE_WEBHOOK_ALLOW_PRIVATE = env_bool("MAILLAGE_WEBHOOK_ALLOW_PRIVATE", False)
# Seconds a receiver has to answer, and tries before a delivery is abandoned (webhooks).
MAILLAGE_WEBHOOK_TIMEOUT_SECONDS = env_float("MAILLAGE_WEBHOOK_TIMEOUT_SECONDS", 5)
MAILLAGE_WEBHOOK_MAX_ATTEMPTS = env_int("MAILLAGE_WEBHOOK_MAX_ATTEMPTS", 6)
# Newsletter mails sent per SMTP connection and progress report (newsletter).
MAILLAGE_NEWSLETTER_BATCH_SIZE = env_int("MAILLAGE_NEWSLETTER_BATCH_SIZE", 50)

# Crash reports and logged tracebacks keep the place of a bug, not the data (core/errors.py).
DEFAULT_EXCEPTION_REPORTER = "maillage.core.errors.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "maillage.core.errors.PrivateExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"private": {"()": "maillage.core.errors.PrivateFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "private"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports each step of each PDF at INFO: noise in a command's output.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
MAILLAGE_BASE_URL = env_str("MAILLAGE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
