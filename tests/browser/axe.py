"""The accessibility check every browser test runs on every page it lands on.

axe-core (bundled by axe-playwright-python) runs inside the page; any violation of impact
"serious" or "critical" fails the test with the rule, its help text and the offending elements.
Moderate and minor findings are left to review: WCAG 2.1 AA is the bar, not axe's whole
best-practice catalogue.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

FAILING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()


def blocking_violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the current page that fail the check."""
    results = _axe.run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if v.get("impact") in FAILING_IMPACTS]


def describe(violations: list[dict[str, Any]], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"       {line}" for line in summary.splitlines())
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail when axe finds a serious or critical violation on the current page."""
    violations = blocking_violations(page)
    assert not violations, describe(violations, page.url)
