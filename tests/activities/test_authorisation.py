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
from tests.authorisation import ANON, check_row

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


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", MATRIX, ids=[f"{row[0]}-{row[2]}" for row in MATRIX])
def test_permission_matrix(client, request, objects, persona, row):
    check_row(client, request, objects, persona, row)
