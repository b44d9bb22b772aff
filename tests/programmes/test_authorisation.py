"""The permission matrix of the programmes area.

Each part keeps its rows in `test_authorisation_<part>.py`; `MATRIX` collects them for the
check that every URL has a row. The landing page is for everyone who may see anonymised
statistics, which every role may.
"""

from __future__ import annotations

import pytest

from tests.authorisation import ANON, check_matrix
from tests.programmes import test_authorisation_programmes, test_authorisation_reports

PERSONAS = ["member", "owner", "outsider", ANON]

OWN: list[tuple] = [
    ("programmes:index", None, "get", {"member": 200, "owner": 200, "outsider": 200}),
]
MATRIX: list[tuple] = [
    *OWN,
    *test_authorisation_programmes.MATRIX,
    *test_authorisation_reports.MATRIX,
]


@pytest.fixture
def objects():
    return {}


CHECKED = OWN


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, OWN)
