"""Navigating the live server so that every page landed on gets checked.

Every page must load without a console error or a failed request, pass the axe check and,
as the server sent it, the Nu HTML checker (tests/browser/html_checker.py).
Open pages with `visit(page, path)`; wrap an action (click, key press) that leads to another
page in `with landing_on_new_page(page):`. The `page` fixture also checks, at the end of the
test, the page it was left on if no helper checked it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page, Response

from tests.browser.axe import assert_accessible
from tests.browser.html_checker import HtmlChecker, describe

CHECKED_FLAG = "__maillageChecked"


@dataclass
class PageProblems:
    """What went wrong in the browser since the last check."""

    items: list[str] = field(default_factory=list)
    # The last page the server sent to this tab and no check has read yet: None after a
    # return through the browser's cache or an HTMX swap, which bring no new page.
    document: Response | None = None

    def take(self) -> list[str]:
        items, self.items = self.items, []
        return items

    def take_document(self) -> Response | None:
        document, self.document = self.document, None
        return document


def watch(page: Page, html_checker: HtmlChecker | None = None) -> PageProblems:
    """Record console errors, uncaught exceptions and failed requests (CSP refusals included),
    and the pages the server sends, for the HTML checker when there is one."""
    problems = PageProblems()

    def on_console(message: Any) -> None:
        # A failed load also shows up as a response below, with its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.items.append(f"console error: {message.text} ({message.location})")

    def on_response(response: Response) -> None:
        request = response.request
        if response.status >= 400 and request.resource_type != "document":
            problems.items.append(f"HTTP {response.status} for {response.url}")
        if request.is_navigation_request() and response.frame == page.main_frame:
            problems.document = response  # after a redirect, the page it led to

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.items.append(f"uncaught error: {error}"))
    page.on("response", on_response)

    def on_request_failed(request: Any) -> None:
        # An HTMX request still in flight when the user submits is aborted by the navigation,
        # and a map cancels the tiles it no longer shows: the browser doing its job, not a
        # fault of the page.
        aborted = "ERR_ABORTED" in (request.failure or "")
        if aborted and request.resource_type in {"xhr", "fetch", "image"}:
            return
        problems.items.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)
    page._maillage_problems = problems  # type: ignore[attr-defined]
    page._maillage_html_checker = html_checker  # type: ignore[attr-defined]
    return problems


def is_checked(page: Page) -> bool:
    return bool(page.evaluate(f"window.{CHECKED_FLAG} === true"))


def check_page(page: Page) -> None:
    """The checks every page must pass once loaded: no browser error, no axe violation,
    valid HTML."""
    page.wait_for_load_state("load")
    # Marked first: a page that failed its check is not checked again at teardown.
    page.evaluate(f"window.{CHECKED_FLAG} = true")
    watched: PageProblems = page._maillage_problems  # type: ignore[attr-defined]
    problems = watched.take()
    assert not problems, f"problems on {page.url}:\n" + "\n".join(problems)
    assert_accessible(page)
    assert_valid_html(page._maillage_html_checker, watched.take_document())  # type: ignore[attr-defined]


def assert_valid_html(checker: HtmlChecker | None, document: Response | None) -> None:
    """Fail when the Nu HTML checker finds an error in the page the server sent."""
    if checker is None or document is None:
        return
    if not document.headers.get("content-type", "").startswith("text/html"):
        return
    errors = checker.errors(document.body())
    assert not errors, describe(errors, document.url)


def visit(page: Page, path: str, *, status: int = 200) -> Response:
    """Open a page of the live server, check its status, then check the page."""
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
    check_page(page)
    return response


@contextmanager
def landing_on_new_page(page: Page) -> Iterator[None]:
    """Wrap the action that leads to another page; checks the page it lands on."""
    with page.expect_navigation():
        yield
    check_page(page)
