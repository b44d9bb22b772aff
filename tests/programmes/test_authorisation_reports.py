"""The permission matrix of the programmes area: reports (collected by test_authorisation.py).

Reading reports (list, page, files) needs the permission to see anonymised statistics: the
field worker `member` and the `stats_viewer` of A read A's reports. Asking for a report,
writing its narratives and making its files again need `MANAGE_NETWORK`: `owner`
(administrator of A) does; `member` and `stats_viewer` get a 403 before anything is looked
up. `outsider` (administrator of B) may ask for B's reports but gets a 404 on every report
of A, never a 403 that would confirm it exists. POST rows are posted empty.
"""

from __future__ import annotations

from datetime import date

import pytest

from maillage.core.jobs import private_path
from maillage.programmes import reports
from maillage.programmes.models import Report, ReportStatus
from tests.authorisation import ANON, check_matrix
from tests.community.conftest import acting
from tests.programmes.conftest_reports import *  # noqa: F403  (the fixtures)

PERSONAS = ["member", "owner", "outsider", "stats_viewer", ANON]

ANYONE = {"member": 200, "owner": 200, "outsider": 200, "stats_viewer": 200}
OF_A = {"member": 200, "owner": 200, "outsider": 404, "stats_viewer": 200}
MANAGE = {"member": 403, "owner": 200, "outsider": 200, "stats_viewer": 403}
MANAGE_A = {"member": 403, "owner": 302, "outsider": 404, "stats_viewer": 403}

MATRIX: list[tuple] = [
    ("programmes:report_list", None, "get", ANYONE),
    ("programmes:report_create", None, "get", MANAGE),
    ("programmes:report_create", None, "post", MANAGE),
    ("programmes:report", "report", "get", OF_A),
    ("programmes:report_narrative", "narrative", "post", MANAGE_A),
    ("programmes:report_regenerate", "report", "post", MANAGE_A),
    ("programmes:report_download", "pdf", "get", OF_A),
    ("programmes:report_download", "xlsx", "get", OF_A),
]


@pytest.fixture
def objects(owner, org_a):
    acting(owner, org_a, "administrator")
    report = reports.report_request(
        actor=owner,
        organisation=org_a,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    # Files standing for made ones: this matrix checks who gets them, not what they hold
    # (test_report_files.py does).
    paths = {fmt: reports.file_path(report, fmt) for fmt in ("html", "pdf", "xlsx")}
    for fmt, relative in paths.items():
        private_path(relative).write_bytes(b"%PDF-1.4\n" if fmt == "pdf" else b"PK\x03\x04")
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.READY,
        html_file=paths["html"],
        pdf_file=paths["pdf"],
        xlsx_file=paths["xlsx"],
    )
    return {
        "report": {"pk": report.pk},
        "narrative": {"pk": report.pk, "section": "individual"},
        "pdf": {"pk": report.pk, "fmt": "pdf"},
        "xlsx": {"pk": report.pk, "fmt": "xlsx"},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
