"""The schemathesis command line, run as a person would run it (API.md) against a served
OpenAPI document, and its findings as lines a failing test can print.

Every check (`--checks all`), every phase (examples, coverage, fuzzing, stateful), bounded
examples and derandomized generation (`--generation-deterministic`: the same cases on every
run, so a failure in CI is a failure on a laptop), one worker.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Examples per operation in the fuzzing and stateful phases; the coverage phase adds its
# own (every boundary and every missing or wrong parameter) whatever this says.
EXAMPLES = 5
TIMEOUT_SECONDS = 600
# An operation whose only security requirement is the token (public ones list `{}` first).
NEEDS_A_TOKEN = '/security/0 == {"TokenAuth": []}'


def schemathesis_findings(openapi_url: str, *, token: str | None, workdir: Path) -> list[str]:
    """Each failure found (check, title, operation) and each error of the run; [] when the
    API conforms to its document.

    Without a token, the operations that need one are left out: they would answer 401 to
    every case, and the run with a token already calls each of them without it too (the
    `ignored_auth` check)."""
    report = workdir / "schemathesis.json"
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "run", openapi_url),
        *("--checks", "all", "--generation-deterministic", "--max-examples", str(EXAMPLES)),
        *("--workers", "1", "--no-color", "--request-timeout", "30"),
        *("--report", "json", "--report-json-path", str(report)),
    ]
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
    else:
        command += ["--exclude-by", NEEDS_A_TOKEN]
    # In the test's own directory: the command keeps a cache in its working directory.
    run = subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    if not report.exists():
        return [f"schemathesis did not run (status {run.returncode}):", run.stdout, run.stderr]
    found = json.loads(report.read_text())
    findings = [
        f"{failure['code']} {failure['title']}: {operation}"
        for failure in found["failures"]
        for operation in failure["operations"]
    ]
    findings += [f"error: {error}" for error in found["errors"]]
    if findings or run.returncode != 0:
        # The command's own report names each case and how to replay it.
        findings += [f"exit status {run.returncode}", run.stdout[-20_000:], run.stderr[-5_000:]]
    return findings
