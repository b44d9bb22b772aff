"""The permission matrix of the programmes area: programmes (collected by test_authorisation.py).

A coordinates the programme and funds a project of C. `prog_coord` (programme coordinator of
A) and `owner` (administrator of A) read and change it. `member` (field worker of A) reads it
but lacks the permission to manage the network's shared work: 403 on the forms, before any
object is looked up. `funded_worker` (field worker of C) reads it, 403 on the forms;
`funded_director` (director of C, who may manage) reads it and gets a 404 on its forms.
`outsider` (administrator of B, neither coordinating nor funded) gets a 404 on everything of
the programme, never a 403 that would confirm it exists. POST rows are posted empty.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from maillage.programmes import services
from tests.authorisation import ANON, check_matrix
from tests.programmes.conftest_programmes import *  # noqa: F403

PERSONAS = [
    "prog_coord",
    "owner",
    "member",
    "funded_worker",
    "funded_director",
    "outsider",
    ANON,
]

EVERYONE = {p: 200 for p in PERSONAS if p != ANON}
READERS = {**EVERYONE, "outsider": 404}
# May manage the network: any organisation's programme coordinator, director, administrator.
CREATE = {**EVERYONE, "member": 403, "funded_worker": 403}
MANAGE_FORM = {**CREATE, "funded_director": 404, "outsider": 404}
MANAGE_BUTTON = {**MANAGE_FORM, "prog_coord": 302, "owner": 302}

MATRIX: list[tuple] = [
    ("programmes:programme_list", None, "get", EVERYONE),
    ("programmes:programme_create", None, "get", CREATE),
    ("programmes:programme_create", None, "post", CREATE),
    ("programmes:programme", "programme", "get", READERS),
    ("programmes:programme_edit", "programme", "get", MANAGE_FORM),
    ("programmes:programme_edit", "programme", "post", MANAGE_FORM),
    ("programmes:project_list", "programme", "get", READERS),
    ("programmes:project_add", "programme", "get", MANAGE_FORM),
    ("programmes:project_add", "programme", "post", MANAGE_FORM),
    ("programmes:project_edit", "project", "get", MANAGE_FORM),
    ("programmes:project_edit", "project", "post", MANAGE_FORM),
    ("programmes:project_remove", "project", "post", MANAGE_BUTTON),
    ("programmes:budget_add", "programme", "get", MANAGE_FORM),
    ("programmes:budget_add", "programme", "post", MANAGE_FORM),
    ("programmes:budget_edit", "line", "get", MANAGE_FORM),
    ("programmes:budget_edit", "line", "post", MANAGE_FORM),
    ("programmes:budget_remove", "line", "post", MANAGE_BUTTON),
    ("programmes:spending_list", "programme", "get", READERS),
    ("programmes:spending_add", "programme", "get", MANAGE_FORM),
    ("programmes:spending_add", "programme", "post", MANAGE_FORM),
    ("programmes:spending_remove", "spending", "post", MANAGE_BUTTON),
    ("programmes:target_set", "programme", "get", MANAGE_FORM),
    ("programmes:target_set", "programme", "post", MANAGE_FORM),
    ("programmes:target_remove", "target", "post", MANAGE_BUTTON),
]


@pytest.fixture
def objects(
    programme, funded_project, line, prog_coord, indicator_code, funded_worker, funded_director
):
    spending = services.spending_record(
        actor=prog_coord,
        programme=programme,
        budget_line=line,
        project=funded_project,
        spent_on=date(2025, 3, 1),
        amount=Decimal("1500"),
        description="Première tranche",
    )
    target = services.indicator_target_set(
        actor=prog_coord,
        programme=programme,
        indicator=indicator_code,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        target=120,
    )
    return {
        "programme": {"pk": programme.pk},
        "project": {"pk": funded_project.pk},
        "line": {"pk": line.pk},
        "spending": {"pk": spending.pk},
        "target": {"pk": target.pk},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
