"""The shared machinery of the permission matrices (one per app: tests/<app>/test_authorisation.py).

A matrix row: (url name, key of the `objects` fixture giving its kwargs or None, HTTP method,
{persona: expected status}). Anonymous visitors are sent to the sign-in page, unless the row
gives their status (public pages).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.test import Client
from django.urls import reverse

ANON = "anonymous"
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
]


def all_matrix_names() -> set[str]:
    names: set[str] = set()
    for app in APPS_WITH_MATRIX:
        try:
            module = importlib.import_module(f"tests.{app}.test_authorisation")
        except ModuleNotFoundError:
            continue
        names |= {row[0] for row in module.MATRIX}
    return names


def check_row(
    client: Client, request: Any, objects: dict[str, Any], persona: str, row: tuple[Any, ...]
) -> None:
    name, kwargs_key, method, expected = row
    url = reverse(name, kwargs=objects[kwargs_key] if kwargs_key else None)
    if persona != ANON:
        client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(url)
    if persona == ANON and ANON in expected:
        assert response.status_code == expected[ANON], (
            f"{persona} {method.upper()} {url}: {response.status_code}, expected {expected[ANON]}"
        )
    elif persona == ANON:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected[persona], (
            f"{persona} {method.upper()} {url}: {response.status_code}, "
            f"expected {expected[persona]}"
        )
