"""Settings of the bare page: those of `django-admin startproject` (default middleware, default
context processors, DEBUG off), except what both sides must share, taken from the product's
settings of this very run: the database (connection age or pool included), the session engine,
the cache, and what makes one signed-in session valid on both (secret key, user model)."""

from __future__ import annotations

import os
from importlib import import_module

# The product's settings module of this run (the bench's server sets it; a deployment's own
# module may differ from maillage.settings).
_product = import_module(os.environ.get("MAILLAGE_BENCH_PRODUCT_SETTINGS", "maillage.settings"))

DATABASES = _product.DATABASES
SESSION_ENGINE = getattr(_product, "SESSION_ENGINE", "django.contrib.sessions.backends.db")
CACHES = _product.CACHES
# The session cookie of the bench user signs them in on both sides: same signing key, same
# user table (core.User, hence the core app), same cookie.
SECRET_KEY = _product.SECRET_KEY
AUTH_USER_MODEL = _product.AUTH_USER_MODEL
SESSION_COOKIE_NAME = getattr(_product, "SESSION_COOKIE_NAME", "sessionid")
ALLOWED_HOSTS = _product.ALLOWED_HOSTS

DEBUG = False
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "maillage.core",  # the user model only: none of its middleware or context processors
    "maillage.bench.bare",
]
# Django's default list (startproject), nothing else.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "maillage.bench.bare.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
LANGUAGE_CODE = _product.LANGUAGE_CODE
TIME_ZONE = _product.TIME_ZONE
USE_I18N = True
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The core app's checks want its encryption keys; the page never uses them.
MAILLAGE_ENCRYPTION_KEYS = _product.MAILLAGE_ENCRYPTION_KEYS
