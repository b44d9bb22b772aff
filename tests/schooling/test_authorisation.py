"""The permission matrix of the schooling area.

Each part of the area keeps its rows in `test_authorisation_<part>.py`, next to its fixtures;
`MATRIX` here collects them all, for the check that every URL has a row. The landing page
is for the people who work with young people: field workers and coordinators of any
organisation; an administrator (who does not) gets a 403.
"""

from __future__ import annotations

import pytest

from tests.authorisation import ANON, check_matrix
from tests.schooling import (
    test_authorisation_esf,
    test_authorisation_imports,
    test_authorisation_schools,
    test_authorisation_signals,
)

PERSONAS = ["member", "coordinator", "owner", "outsider", ANON]

OWN: list[tuple] = [
    (
        "schooling:index",
        None,
        "get",
        {"member": 200, "coordinator": 200, "owner": 403, "outsider": 403},
    ),
]
MATRIX: list[tuple] = [
    *OWN,
    *test_authorisation_signals.MATRIX,
    *test_authorisation_imports.MATRIX,
    *test_authorisation_schools.MATRIX,
    *test_authorisation_esf.MATRIX,
]


@pytest.fixture
def objects():
    return {}


CHECKED = OWN


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, OWN)
