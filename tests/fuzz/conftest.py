"""The form fuzz reuses each app's permission matrix with its own fixtures.

An app's fixtures live in its tests/<app>/conftest.py and its matrix module, visible only to
tests under tests/<app>/. A class of test_form_fuzz.py names those modules in `fixture_modules`;
here their fixtures are registered for that class alone, before its tests are collected, so
each class sees its app's personas and `objects` exactly as the app's matrix test does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _private_storage(settings: Any, tmp_path: Path) -> None:
    """Uploads posted by the fuzz land in the test's own folder (set before any fixture
    stores a file there)."""
    settings.PRIVATE_ROOT = tmp_path / "private"


def pytest_collectstart(collector: pytest.Collector) -> None:
    modules: Any = getattr(getattr(collector, "obj", None), "fixture_modules", None)
    if isinstance(collector, pytest.Class) and modules:
        manager = collector.session._fixturemanager
        for module in modules:  # later modules override earlier ones, as conftest → test file
            manager.parsefactories(holder=module, node=collector)
