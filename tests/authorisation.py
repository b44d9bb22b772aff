"""The shared machinery of the permission matrices (tests/<app>/test_authorisation*.py).

A matrix row: (url name, key of the `objects` fixture giving its kwargs or None, HTTP method,
{persona: expected result}). An expected result is a status code, `LOGIN` (sent to the
sign-in page: the default for anonymous visitors when the row does not name them) or a
`Page` (a status and what the page must or must not show, e.g. "existence only").

Each module runs its whole matrix in one test (`check_matrix`): its objects are made once and
every cell (row × persona) runs inside a savepoint rolled back afterwards, so a POST of one
cell never changes what the next one sees. Every cell also proves two things beyond its status:
- a refusal on an object (403 or 404) is the same for an object that does not exist, so the
  answer never confirms that the object exists (a 403 to a stranger would);
- a refused request (sign-in, 403, 404, 405) wrote nothing but the session and the logs;
- every answer carries a Permissions-Policy, and every page a signed-in persona opens is sent
  with `Cache-Control: no-store, private` (core.middleware.PrivacyHeadersMiddleware).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ANON = "anonymous"
LOGIN = "login"
REFUSED = frozenset({403, 404, 405})
# An id no object has: the twin of every object URL.
MISSING_ID = 2_000_000_000
MISSING_UUID = "00000000-0000-4000-8000-000000000000"
# What a refused request may still write: the persona's session (force_login), its last
# sign-in, and the logs that record the refusal itself.
WRITABLE_WHEN_REFUSED = frozenset({"django_session", "core_user", "core_auditevent"})
# What every page a signed-in person opens must send (core.middleware): nothing of it is kept.
PRIVATE_CACHE = "no-store, private"
_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

APPS_WITH_MATRIX = [
    "core",
    "people",
    "casework",
    "privacy",
    "activities",
    "directory",
    "network",
    "concertation",
    "community",
    "schooling",
    "programmes",
    "website",
    "newsletter",
    "api",
    "webhooks",
]


class Page(int):
    """A page answered with its status that must show `shows` and must not show `hides`.

    An int, so that code reading the matrices for statuses (tests/fuzz) still reads 200."""

    label: str
    shows: tuple[str, ...]
    hides: tuple[str, ...]

    def __new__(
        cls, status: int, label: str, shows: tuple[str, ...] = (), hides: tuple[str, ...] = ()
    ) -> Page:
        page = super().__new__(cls, status)
        page.label, page.shows, page.hides = label, shows, hides
        return page


def matrix_modules() -> Iterator[Any]:
    """Every module tests/<app>/test_authorisation*.py."""
    for app in APPS_WITH_MATRIX:
        package = importlib.import_module(f"tests.{app}")
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("test_authorisation"):
                yield importlib.import_module(f"tests.{app}.{info.name}")


def all_matrix_names() -> set[str]:
    return {row[0] for module in matrix_modules() for row in module.MATRIX}


def walk_urlconf(
    resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""
) -> list[tuple[str, str, Any]]:
    """Every route of the URLconf, namespaces included: (name, route, view)."""
    found: list[tuple[str, str, Any]] = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += walk_urlconf(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append((f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback))
    return found


def missing_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The same kwargs pointing at objects that do not exist (ids and uuids replaced)."""
    twin: dict[str, Any] = {}
    for key, value in kwargs.items():
        if isinstance(value, int) and not isinstance(value, bool):
            twin[key] = MISSING_ID
        elif re.fullmatch(r"[0-9a-f-]{36}", str(value)):
            twin[key] = MISSING_UUID
        elif key == "token":
            twin[key] = "jeton-inconnu-" + "0" * 30
        else:
            twin[key] = value
    return twin


@contextmanager
def recording_writes() -> Iterator[list[str]]:
    """The tables written by the SQL run inside the block."""
    tables: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        match = _WRITE.match(sql)
        if match:
            tables.append(match.group(2).lower())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield tables


def _verdict(response: Any, expected: Any) -> str | None:
    """Why `response` is not `expected`, or None."""
    status = response.status_code
    if expected == LOGIN:
        location = response.get("Location", "")
        if status == 302 and location.startswith(reverse("account_login")):
            return None
        return f"{status} {location}, expected the sign-in page"
    if isinstance(expected, Page):
        if status != expected:
            return f"{status}, expected {int(expected)} ({expected.label})"
        body = response.content.decode(errors="replace")
        shown = [text for text in expected.hides if text in body]
        absent = [text for text in expected.shows if text not in body]
        if shown or absent:
            return f"{expected.label}: shows {shown}, lacks {absent}"
        return None
    return None if status == expected else f"{status}, expected {expected}"


def _refused(expected: Any) -> bool:
    return expected == LOGIN or (isinstance(expected, int) and expected in REFUSED)


def _cell(client: Client, user: Any, method: str, url: str) -> tuple[Any, list[str]]:
    """One request, its effects rolled back afterwards; the tables it wrote."""
    cache.clear()
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        with recording_writes() as tables:
            response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response, tables


def _succeeds(expected: Any) -> bool:
    return isinstance(expected, int) and expected < 400


def knowing(matrix: list[tuple[Any, ...]], sees: dict[str, set[str]]) -> dict[str, set[str]]:
    """Per object key, the personas who already know the object exists: those who open or
    act on it in some row (and those `sees` names: they see it on another object's page).
    A refusal to them reveals nothing; to anyone else it must not depend on existence."""
    known: dict[str, set[str]] = {key: set(names) for key, names in sees.items()}
    for _name, key, _method, expectations in matrix:
        if key:
            known.setdefault(key, set()).update(
                persona for persona, expected in expectations.items() if _succeeds(expected)
            )
    return known


def check_cell(
    request: Any,
    objects: dict[str, Any],
    persona: str,
    user: Any,
    row: tuple[Any, ...],
    known: dict[str, set[str]] | None = None,
) -> list[str]:
    """The failures of one cell (row × persona): its result, its twin, its writes."""
    name, kwargs_key, method, expectations = row
    if persona not in expectations and persona != ANON:
        return [f"{persona} {method.upper()} {name}: no expected result in the matrix"]
    expected = expectations.get(persona, LOGIN)
    kwargs = objects[kwargs_key] if kwargs_key else None
    url = reverse(name, kwargs=kwargs)
    where = f"{persona} {method.upper()} {url} ({name})"
    try:
        response, tables = _cell(Client(), user, method, url)
    except Exception as error:  # a crash is a failed cell, reported with the others
        return [f"{where}: {error!r}"]
    failures = []
    why = _verdict(response, expected)
    if why:
        failures.append(f"{where}: {why}")
    if "Permissions-Policy" not in response:
        failures.append(f"{where}: no Permissions-Policy header")
    cache = response.get("Cache-Control")
    if user is not None and response.status_code == 200 and cache != PRIVATE_CACHE:
        failures.append(f"{where}: Cache-Control {cache!r}")
    written = sorted(set(tables) - WRITABLE_WHEN_REFUSED)
    if _refused(expected) and written:
        failures.append(f"{where}: refused but wrote {written}")
    strangers = persona not in (known or {}).get(kwargs_key, set())
    if kwargs and strangers and isinstance(expected, int) and expected in (403, 404):
        twin_url = reverse(name, kwargs=missing_kwargs(kwargs))
        try:
            twin, _tables = _cell(Client(), user, method, twin_url)
        except Exception as error:
            return [*failures, f"{where}: missing object: {error!r}"]
        if twin.status_code != response.status_code:
            failures.append(
                f"{where}: {response.status_code} but {twin.status_code} for a missing "
                "object: the answer confirms that the object exists"
            )
    return failures


def check_matrix(
    request: Any,
    objects: dict[str, Any],
    personas: list[str],
    matrix: list[tuple[Any, ...]],
    sees: dict[str, set[str]] | None = None,
) -> None:
    """Every cell of `matrix` for `personas`; all failures reported at once."""
    known = knowing(matrix, sees or {})
    users = {p: None if p == ANON else request.getfixturevalue(p) for p in personas}
    failures = [
        failure
        for row in matrix
        for persona in personas
        for failure in check_cell(request, objects, persona, users[persona], row, known)
    ]
    assert not failures, f"{len(failures)} failing cells:\n" + "\n".join(failures)


def check_row(
    client: Client, request: Any, objects: dict[str, Any], persona: str, row: tuple[Any, ...]
) -> None:
    """One cell, for tests that check a single row outside a matrix."""
    user = None if persona == ANON else request.getfixturevalue(persona)
    failures = check_cell(request, objects, persona, user, row)
    assert not failures, "\n".join(failures)
