"""The permission matrix of the collective axis, assembled from one part per group of pages.

`member` is on the staff of the camp; `colleague` works in the same organisation;
`outside_worker` and `outsider` belong to B, and get a 404 on A's objects (never a 403
that would confirm they exist); roles without the permission to work with young people
(`owner`, an administrator, and `dpo`) get a 403. Public pages answer anonymous visitors.
"""

from __future__ import annotations

import pytest

from maillage.activities.models import CalendarFeed
from tests.activities.matrix_attendance import ROWS as ATTENDANCE_ROWS
from tests.activities.matrix_public import ROWS as PUBLIC_ROWS
from tests.activities.matrix_team import ROWS as TEAM_ROWS
from tests.authorisation import ANON, check_cell, check_matrix

PERSONAS = [
    "member",
    "colleague",
    "coordinator",
    "outside_worker",
    "owner",
    "dpo",
    "outsider",
    ANON,
]

MATRIX = [*TEAM_ROWS, *ATTENDANCE_ROWS, *PUBLIC_ROWS]


@pytest.fixture
def objects(camp, session, registration, full_price, member):
    feed = CalendarFeed.objects.create(user=member, token="jeton-de-test-" + "x" * 30)
    return {
        "activity": {"pk": camp.pk},
        "session": {"pk": session.pk},
        "tier": {"pk": full_price.pk},
        "registration": {"pk": registration.pk},
        "attendance": {"pk": session.pk, "registration_pk": registration.pk},
        "feed": {"token": feed.token},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)


def test_the_matrix_flags_a_refused_post_that_wrote(request, objects, member):
    """The check can fail: a session the staff may remove, marked as refused to them."""
    row = ("activities:session_remove", "session", "post", {"member": 403})
    failures = check_cell(request, objects, "member", member, row, known={"session": {"member"}})
    assert failures[0].endswith("302, expected 403")
    assert "refused but wrote" in failures[1] and "'activities_session'" in failures[1]
