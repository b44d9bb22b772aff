"""The conformance run of tests/api/test_schemathesis.py fails when the API has a defect it
should find: run on tests/api/broken_api.py, which keeps defects that Maillage's API had
(issue 19), it reports them."""

from pathlib import Path

import pytest

from tests.api.schemathesis_run import schemathesis_findings

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.api.broken_api")]


def test_the_run_reports_the_defects_it_must_find(served, tmp_path: Path):
    findings = schemathesis_findings(served + "/broken/openapi.json", token=None, workdir=tmp_path)
    assert "ST108 Response violates schema: GET /broken/sessions" in findings, "\n".join(findings)
    assert "ST401 API accepts requests without authentication: GET /broken/public" in findings
    assert "ST101 Server error: GET /broken/shares" in findings
