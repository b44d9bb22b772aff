"""Playwright driving Debian's Chromium against pytest-django's live server.

One browser for the session, a fresh context (cookies, storage) per test, and the small demo
network seeded in each test (transactional tests flush the database after each one). Pages
are checked as tests land on them: see tests/browser/pages.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from tests.browser import html_checker
from tests.browser.pages import check_page, is_checked, watch

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_SCALE = 0.1
CALL_FAILED = pytest.StashKey[bool]()
HTML_CHECKER = pytest.StashKey[html_checker.HtmlChecker]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API keeps an event loop running in this thread until the session
    # ends, so Django takes every ORM call made here afterwards (seeding, the flush between
    # transactional tests) for one made from async code. They are plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    checker = config.stash.get(HTML_CHECKER, None)
    if checker is not None and checker.pages:
        terminalreporter.write_line(
            f"Nu HTML checker: {checker.pages} distinct pages checked in"
            f" {checker.seconds:.1f}s (plus {checker.startup_seconds:.1f}s waiting for it to start)"
        )


@pytest.fixture(scope="session")
def html_checking(request: pytest.FixtureRequest) -> Iterator[html_checker.HtmlChecker | None]:
    """The Nu HTML checker's service for the session; None outside CI without the jar."""
    missing = html_checker.missing_reason()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(missing)
        yield None  # tests/browser/test_html_checker.py reports the skip
        return
    checker = html_checker.HtmlChecker.start(html_checker.jar_path())
    request.config.stash[HTML_CHECKER] = checker
    yield checker
    checker.stop()


@pytest.fixture
def demo(live_server: Any) -> Any:
    """The small demo network with its logins, served by the live server."""
    from maillage.demo.generator import generate

    assert generate(scale=DEMO_SCALE, seed=1).created
    return live_server


TILE_REQUESTS = "/".join(settings.MAILLAGE_MAP_TILE_URL.split("/")[:3]) + "/**"
TILE_PNG = (
    Path(__file__).resolve().parents[2]
    / "maillage/core/static/vendor/leaflet-1.9.4/images/layers.png"
)


def _serve_tile(route: Route) -> None:
    route.fulfill(status=200, content_type="image/png", body=TILE_PNG.read_bytes())


@pytest.fixture
def context(browser: Browser, demo: Any) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=demo.url,
        locale="fr-BE",
        timezone_id="Europe/Brussels",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(10_000)
    # No tile server is reachable from a test: every map gets the same small image.
    context.route(TILE_REQUESTS, _serve_tile)
    yield context
    context.close()


@pytest.fixture
def page(
    html_checking: html_checker.HtmlChecker | None,
    context: BrowserContext,
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A tab whose pages are checked (errors, axe, HTML); the last one at teardown at the latest."""
    page = context.new_page()
    problems = watch(page, html_checking)
    yield page
    if request.node.stash.get(CALL_FAILED, True):
        return  # the failure is reported already; a check now would only add noise
    if page.url.startswith("http") and not is_checked(page):
        check_page(page)
    leftover = problems.take()
    assert not leftover, f"problems on {page.url}:\n" + "\n".join(leftover)
