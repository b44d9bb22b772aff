"""The permission matrix of the people pages: a file outside one's scope is a 404."""

from __future__ import annotations

import pytest

from maillage.people.models import HouseholdMember
from tests.authorisation import ANON, check_matrix

PERSONAS = [
    "coordinator",
    "member",
    "colleague",
    "outside_worker",
    "owner",
    "dpo",
    "outsider",
    ANON,
]

# Roles without the permission to work with young people.
NO_PERM = {"owner": 403, "dpo": 403, "outsider": 403}
# Any worker of any organisation: the pages without an object.
WORKERS = {"coordinator": 200, "member": 200, "colleague": 200, "outside_worker": 200}
# The file of `person`: recorded by `member`, seen by the coordinator, no one else.
ON_FILE = {"coordinator": 200, "member": 200, "colleague": 404, "outside_worker": 404}
ON_FILE_POST = {"coordinator": 302, "member": 302, "colleague": 404, "outside_worker": 404}

MATRIX = [
    ("people:person_list", None, "get", {**WORKERS, **NO_PERM}),
    ("people:person_create", None, "get", {**WORKERS, **NO_PERM}),
    ("people:person_duplicates", None, "get", {**WORKERS, **NO_PERM}),
    ("people:person_detail", "person", "get", {**ON_FILE, **NO_PERM}),
    ("people:person_edit", "person", "get", {**ON_FILE, **NO_PERM}),
    ("people:person_merge", "person", "get", {**ON_FILE, "member": 403, **NO_PERM}),
    ("people:household_create", "person", "get", {**ON_FILE, **NO_PERM}),
    ("people:household_detail", "household", "get", {**ON_FILE, **NO_PERM}),
    ("people:household_add_member", "household", "post", {**ON_FILE_POST, **NO_PERM}),
    ("people:household_remove_member", "membership", "post", {**ON_FILE_POST, **NO_PERM}),
]


@pytest.fixture
def objects(person, household, coordinator, colleague, outside_worker, owner, dpo, outsider):
    membership = HouseholdMember.objects.get(household=household, person=person)
    return {
        "person": {"pk": person.pk},
        "household": {"pk": household.pk},
        "membership": {"pk": household.pk, "member_pk": membership.pk},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
