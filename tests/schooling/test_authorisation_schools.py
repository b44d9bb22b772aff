"""The permission matrix of the schooling area: schools, pupils and threshold rules
(collected by test_authorisation.py).

Schools are the network's directory: every member of a team lists them, those who manage the
network's shared records (coordinators, administrators, of any team) add and correct them. A
school's pupils and a pupil's page are for the people who work with young people: an
administrator gets a 403, and a field worker of B (`worker_b`) a 404 on A's pupil, never a
403 that would confirm it exists. Rules are read by the whole team and changed by those who
manage the organisation (its administrator, not its coordinator). POST rows are posted empty:
the form comes back with its errors (200).
"""

from __future__ import annotations

import pytest

from maillage.core.roles import Role
from maillage.schooling.models import ThresholdRule
from maillage.schooling.thresholds import ensure_default_rules
from tests.authorisation import ANON, check_matrix

PERSONAS = ["member", "coordinator", "owner", "outsider", "worker_b", ANON]

TEAM = {"member": 200, "coordinator": 200, "owner": 200, "outsider": 200, "worker_b": 200}
NETWORK = {"member": 403, "coordinator": 200, "owner": 200, "outsider": 200, "worker_b": 403}
YOUNG = {"member": 200, "coordinator": 200, "owner": 403, "outsider": 403, "worker_b": 200}
YOUNG_OF_A = {**YOUNG, "worker_b": 404}
MANAGE = {"member": 403, "coordinator": 403, "owner": 200, "outsider": 200, "worker_b": 403}
MANAGE_OF_A = {**MANAGE, "outsider": 404}

MATRIX: list[tuple] = [
    ("schooling:school_list", None, "get", TEAM),
    ("schooling:school_create", None, "get", NETWORK),
    ("schooling:school_create", None, "post", NETWORK),
    # A school is shared by the whole network: any team managing it may correct it.
    ("schooling:school_edit", "school", "get", NETWORK),
    ("schooling:school_edit", "school", "post", NETWORK),
    ("schooling:school", "school", "get", YOUNG),
    ("schooling:enrolment_create", None, "get", YOUNG),
    ("schooling:enrolment", "enrolment", "get", YOUNG_OF_A),
    ("schooling:enrolment_edit", "enrolment", "get", YOUNG_OF_A),
    ("schooling:enrolment_edit", "enrolment", "post", YOUNG_OF_A),
    ("schooling:rule_list", None, "get", TEAM),
    ("schooling:rule_create", None, "get", MANAGE),
    ("schooling:rule_create", None, "post", MANAGE),
    ("schooling:rule_edit", "rule", "get", MANAGE_OF_A),
    ("schooling:rule_edit", "rule", "post", MANAGE_OF_A),
]


@pytest.fixture
def worker_b(make_user, org_b):
    return make_user("worker@b.example", (org_b, Role.FIELD_WORKER), first_name="Bruno")


@pytest.fixture
def objects(school, pupil, org_a):
    enrolment = pupil()
    ensure_default_rules(org_a.pk)
    rule = ThresholdRule.objects.filter(organisation=org_a).first()
    return {
        "school": {"pk": school.pk},
        "enrolment": {"pk": enrolment.pk},
        "rule": {"pk": rule.pk},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
