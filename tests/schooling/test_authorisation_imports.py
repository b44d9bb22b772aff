"""The permission matrix of the absence import (collected by test_authorisation.py).

Field workers and coordinators of any organisation import into their own organisation; an
administrator (who does not work with young people) gets a 403. The preview of a check
belongs to whoever started it: anyone else gets a 404. POST rows are posted empty: the
review then sends back to the upload page, the confirmation finds no school (404).
"""

from __future__ import annotations

import pytest

from maillage.core.imports_jobs import preview_start
from maillage.schooling.imports import AbsenceImport
from tests.authorisation import ANON, check_matrix
from tests.schooling.conftest import acting

PERSONAS = ["member", "coordinator", "owner", "outsider", ANON]

WORKERS = {"member": 200, "coordinator": 200, "owner": 403, "outsider": 403}
WORKERS_BUTTON = {**WORKERS, "member": 302, "coordinator": 302}
WORKERS_NOT_FOUND = {**WORKERS, "member": 404, "coordinator": 404}
# The coordinator's own preview.
OWN_PREVIEW = {**WORKERS, "member": 404}

MATRIX: list[tuple] = [
    ("schooling:absence_import", None, "get", WORKERS),
    ("schooling:absence_import", None, "post", WORKERS),
    ("schooling:absence_import_preview", "preview", "get", OWN_PREVIEW),
    ("schooling:absence_import_review", None, "post", WORKERS_BUTTON),
    ("schooling:absence_import_confirm", None, "post", WORKERS_NOT_FOUND),
    ("schooling:absence_import_template", None, "get", WORKERS),
    ("schooling:absence_import_example", None, "get", WORKERS),
]


@pytest.fixture
def objects(coordinator, org_a, school, settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    acting(coordinator, org_a, "coordinator")
    job = preview_start(
        actor=coordinator,
        organisation=org_a,
        spec=AbsenceImport(),
        token="0" * 32,
        preview="schooling:absence_import_preview",
        options={"school": school.pk},
    )
    job.params = {**job.params, "result": {"rows": 0}, "review": []}
    job.save()
    return {"preview": {"pk": job.pk}}


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
