"""What every figure shares: the machine, the dataset (seeded when empty) and the actors."""

from __future__ import annotations

import os
import platform
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.test import RequestFactory

from maillage.core.middleware import ORG_SESSION_KEY
from maillage.core.models import Organisation, User
from maillage.core.queries import org_context_for
from maillage.core.scoping import bind_organisation
from maillage.demo.generator import generate
from maillage.demo.sector import seed_sector

# The main tables of DOMAIN.md's sector, in the order RESULTS.md lists them.
MAIN_TABLES = [
    "core.Organisation",
    "core.User",
    "core.Membership",
    "people.Person",
    "casework.Request",
    "casework.FollowUp",
    "casework.Intervention",
    "activities.Activity",
    "activities.Session",
    "activities.Registration",
    "activities.Attendance",
    "directory.Service",
    "schooling.Enrolment",
    "schooling.Absence",
    "schooling.Signal",
    "programmes.Programme",
    "core.AuditEvent",
]


def ensure_data(scale: float, seed: int, say: Callable[[str], None]) -> str:
    """Seed the database when it holds no organisation; say what the data comes from.

    With the sector generator, the demo network is added beside it (at the same scale, at
    most 1): it holds what sector data may lack (programmes, the social offer, signals, every
    role), so that every figure finds its objects. The figures pick the busiest objects,
    which are the sector's where it has them."""
    name = "maillage.demo.sector.seed_sector"
    if Organisation.objects.exists():
        return f"existing data (not seeded by this run; {name} would seed an empty database)"
    began = time.perf_counter()
    say(f"Seeding at scale {scale:g} with {name}…")
    seed_sector(scale=scale, seed=seed)
    source = f"seeded by this run with {name}(scale={scale:g}, seed={seed})"
    demo = min(scale, 1.0)
    say(f"… and the demo network at scale {demo:g}")
    generate(scale=demo, seed=seed)
    source += f" plus maillage.demo.generator.generate(scale={demo:g}, seed={seed})"
    return f"{source}, in {time.perf_counter() - began:.0f} s"


def machine() -> list[tuple[str, str]]:
    pages = os.sysconf("SC_PHYS_PAGES") if hasattr(os, "sysconf") else 0
    ram = pages * os.sysconf("SC_PAGE_SIZE") if pages else 0
    return [
        ("CPUs", str(os.cpu_count())),
        ("RAM", f"{ram / 2**30:.1f} GiB" if ram else "unknown"),
        ("platform", platform.platform()),
        ("Python", platform.python_version()),
        ("database", database_version()),
    ]


def database_version() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        return f"PostgreSQL {version}"
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


def dataset() -> list[tuple[str, int]]:
    counts = []
    for label in MAIN_TABLES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts.append((model._meta.db_table, model._default_manager.count()))
    return counts


@dataclass
class Actor:
    """A member acting for one organisation, as the middleware binds them for a request."""

    user: User
    organisation: Organisation
    cookies: dict[str, str] = field(default_factory=dict)

    def bound(self) -> User:
        context = org_context_for(self.user, self.organisation.pk)
        assert context is not None
        bind_organisation(self.user, context.organisation.pk, context.roles)
        return self.user

    def request(self, path: str = "/") -> HttpRequest:
        """A request as the middleware leaves it: `user`, `org`, a session."""
        request = RequestFactory().get(path)
        request.user = self.bound()
        request.org = org_context_for(self.user, self.organisation.pk)  # type: ignore[attr-defined]
        request.session = session_store()
        request.session[ORG_SESSION_KEY] = self.organisation.pk
        return request

    def session_cookie(self) -> dict[str, str]:
        """A signed-in session in the session store, as after the allauth login form."""
        if not self.cookies:
            session = session_store()
            session["_auth_user_id"] = str(self.user.pk)
            session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
            session["_auth_user_hash"] = self.user.get_session_auth_hash()
            session[ORG_SESSION_KEY] = self.organisation.pk
            session.save()
            assert session.session_key is not None
            self.cookies = {settings.SESSION_COOKIE_NAME: session.session_key}
        return self.cookies


def session_store() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore()
