"""The permission matrix of the community axis.

`member` (field worker) and `coordinator` work in A, which owns every object here;
`partner_worker` (field worker) and `outsider` (administrator) are of B, a partner of A's
project: they open the project (read-only) and get a 404 on its forms and on everything else
of A, never a 403 that would confirm it exists. `stats_viewer` sees anonymised figures on
the home page only: 403 here. Adopting a diagnosis and planning its actions need the
permission to manage the network's shared work (coordinators, not field workers). POST rows
are posted empty.
"""

from __future__ import annotations

from datetime import date

import pytest

from maillage.community import services
from tests.authorisation import ANON, check_matrix
from tests.community.conftest import acting, pdf

PERSONAS = ["member", "coordinator", "partner_worker", "outsider", "stats_viewer", ANON]

NO_STATS = {"stats_viewer": 403}
ANY_TEAM = {"member": 200, "coordinator": 200, "partner_worker": 200, "outsider": 200, **NO_STATS}
OF_A = {"member": 200, "coordinator": 200, "partner_worker": 404, "outsider": 404, **NO_STATS}
OF_A_BUTTON = {
    "member": 302,
    "coordinator": 302,
    "partner_worker": 404,
    "outsider": 404,
    **NO_STATS,
}
# Coordinators of A only; a field worker anywhere lacks the permission (403 before the
# object is looked up); an administrator of B has it, and gets a 404 on A's diagnosis.
MANAGE_FORM = {
    "member": 403,
    "coordinator": 200,
    "partner_worker": 403,
    "outsider": 404,
    **NO_STATS,
}
MANAGE_BUTTON = {**MANAGE_FORM, "coordinator": 302}

MATRIX: list[tuple] = [
    ("community:index", None, "get", ANY_TEAM),
    ("community:project_list", None, "get", ANY_TEAM),
    ("community:project_create", None, "get", ANY_TEAM),
    ("community:project_create", None, "post", ANY_TEAM),
    # Partners read the project they take part in.
    ("community:project", "project", "get", ANY_TEAM),
    ("community:project_edit", "project", "get", OF_A),
    ("community:project_edit", "project", "post", OF_A),
    ("community:budget_add", "project", "post", OF_A),
    ("community:budget_remove", "line", "post", OF_A_BUTTON),
    ("community:observation_list", None, "get", ANY_TEAM),
    ("community:observation_create", None, "get", ANY_TEAM),
    ("community:observation_create", None, "post", ANY_TEAM),
    ("community:observation_file", "observation", "get", OF_A),
    ("community:consultation_list", None, "get", ANY_TEAM),
    ("community:consultation_create", None, "get", ANY_TEAM),
    ("community:consultation_create", None, "post", ANY_TEAM),
    ("community:consultation", "consultation", "get", OF_A),
    ("community:opinion_add", "consultation", "post", OF_A),
    ("community:diagnosis_list", None, "get", ANY_TEAM),
    ("community:diagnosis_create", None, "get", ANY_TEAM),
    ("community:diagnosis_create", None, "post", ANY_TEAM),
    ("community:diagnosis", "diagnosis", "get", OF_A),
    ("community:diagnosis_edit", "diagnosis", "get", OF_A),
    ("community:diagnosis_edit", "diagnosis", "post", OF_A),
    ("community:diagnosis_pdf", "diagnosis", "get", OF_A),
    ("community:diagnosis_adopt", "diagnosis", "post", MANAGE_FORM),
    ("community:action_add", "diagnosis", "post", MANAGE_FORM),
    ("community:action_remove", "action", "post", MANAGE_BUTTON),
]


@pytest.fixture
def objects(project, consultation, diagnosis, coordinator, org_a, make_observation):
    with_file = make_observation(evidence_file=pdf())
    acting(coordinator, org_a, "coordinator")
    action = services.plan_action_add(
        actor=coordinator,
        diagnosis=diagnosis,
        objective="Ouvrir un lieu d'accueil le soir",
        theme="public_space",
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 6, 30),
        responsible=org_a,
        projects=[project],
    )
    return {
        "project": {"pk": project.pk},
        "line": {"pk": project.budget_lines.get().pk},
        "consultation": {"pk": consultation.pk},
        "observation": {"pk": with_file.pk},
        "diagnosis": {"pk": diagnosis.pk},
        "action": {"pk": action.pk},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
