"""The permission matrix of the schooling area: the school / work situation timeline and
the ESF+ participant records (collected by test_authorisation.py).

`member` (field worker, who recorded the young person) and `coordinator` work in A, which
owns every object here; `owner` administers A and `outsider` administers B: neither works
with young people, so 403 before any object is looked up. `stranger`, a field worker of B,
has the permission and gets a 404 on A's records, never a 403 that would confirm they exist.
POST rows are posted empty: the form comes back with its errors (200).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from maillage.core.roles import Role
from maillage.people.models import Person
from maillage.schooling import esf
from tests.authorisation import ANON, check_matrix
from tests.schooling.conftest import acting

PERSONAS = ["member", "coordinator", "owner", "outsider", "stranger", ANON]

NOT_WORKERS = {"owner": 403, "outsider": 403}
ANY_WORKER = {"member": 200, "coordinator": 200, "stranger": 200, **NOT_WORKERS}
OF_A = {"member": 200, "coordinator": 200, "stranger": 404, **NOT_WORKERS}

MATRIX: list[tuple] = [
    ("schooling:status_timeline", "person", "get", OF_A),
    ("schooling:status_create", "person", "get", OF_A),
    ("schooling:status_create", "person", "post", OF_A),
    ("schooling:participant_list", None, "get", ANY_WORKER),
    ("schooling:participant_create", None, "get", ANY_WORKER),
    ("schooling:participant_create", None, "post", ANY_WORKER),
    ("schooling:results_due", None, "get", ANY_WORKER),
    ("schooling:participant", "participant", "get", OF_A),
    ("schooling:participant_exit", "participant", "get", OF_A),
    ("schooling:participant_exit", "participant", "post", OF_A),
    ("schooling:participant_reenter", "participant", "post", OF_A),
    ("schooling:participant_result", "result", "get", OF_A),
    ("schooling:participant_result", "result", "post", OF_A),
]


@pytest.fixture
def stranger(make_user, org_b):
    """A field worker of B: may work with young people, but not A's."""
    return make_user("stranger@b.example", (org_b, Role.FIELD_WORKER), first_name="Stan")


@pytest.fixture
def objects(member, org_a):
    person = Person.objects.create(
        organisation=org_a,
        first_name="Nora",
        last_name="Exemple",
        birth_date=date(2007, 4, 2),
        created_by=member,
    )
    actor = acting(member, org_a, Role.FIELD_WORKER)
    today = timezone.localdate()
    participant = esf.participant_enter(
        actor=actor,
        organisation=org_a,
        person=person,
        entered_on=today - timedelta(days=120),
        gender="woman",
        labour_status="neet",
        isced="0-2",
    )
    esf.participant_exit(actor=actor, participant=participant, exited_on=today - timedelta(days=60))
    return {
        "person": {"pk": person.pk},
        "participant": {"pk": participant.pk},
        "result": {"pk": participant.pk, "moment": "4-semaines"},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
