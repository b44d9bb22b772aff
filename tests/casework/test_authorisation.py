"""The permission matrix of the casework pages.

`member` is assigned to the follow-up; `colleague` (same organisation, not assigned) and
`outside_worker` (another organisation) get a 404, never a 403 that would confirm it exists;
coordinators and directors see its existence and may act inside only after breaking the glass;
roles without the permission to work with young people get a 403.
"""

from __future__ import annotations

import pytest

from tests.authorisation import ANON, Page, check_cell, check_matrix
from tests.casework.conftest import NEXT_STEP, NOTES, SECRETS

PERSONAS = [
    "member",
    "colleague",
    "coordinator",
    "director",
    "outside_worker",
    "owner",
    "dpo",
    "outsider",
    ANON,
]

NO_PERM = {"owner": 403, "dpo": 403, "outsider": 403}
# Pages without an object: every worker of any organisation.
WORKERS = {
    "member": 200,
    "colleague": 200,
    "coordinator": 200,
    "director": 200,
    "outside_worker": 200,
}
# The follow-up page: full for its worker, existence for oversight, 404 for everyone else.
FOLLOWUP_PAGE = {
    "member": 200,
    "colleague": 404,
    "coordinator": 200,
    "director": 200,
    "outside_worker": 404,
}
# The follow-up itself, named: its worker reads the notes; oversight sees that it exists
# (who, since when, which worker) and none of what was said; the others get a 404.
FULL = Page(200, "full access", shows=(NOTES,))
EXISTENCE_ONLY = Page(200, "existence only", hides=SECRETS)
FOLLOWUP_NAMED = {
    **FOLLOWUP_PAGE,
    "member": FULL,
    "coordinator": EXISTENCE_ONLY,
    "director": EXISTENCE_ONLY,
}


NEXT_STEP_FORM = Page(200, "the next step, to change", shows=(NEXT_STEP,))
OLDER = Page(200, "the interventions", shows=(NOTES,))


def inside(member: int) -> dict[str, int]:
    """An action inside the follow-up, posted empty: its worker gets the form back (200) or
    the page (302); oversight without the glass is refused; others don't see it."""
    return {
        "member": member,
        "colleague": 404,
        "coordinator": 403,
        "director": 403,
        "outside_worker": 404,
    }


# Rows inside the follow-up (a consent, a referral) are found only with full access.
PART = {"member": 200, "colleague": 404, "coordinator": 404, "director": 404, "outside_worker": 404}

MATRIX = [
    ("casework:caseload", None, "get", {**WORKERS, **NO_PERM}),
    ("casework:request_list", None, "get", {**WORKERS, **NO_PERM}),
    ("casework:request_create", None, "get", {**WORKERS, **NO_PERM}),
    ("casework:referrals_received", None, "get", {**WORKERS, **NO_PERM}),
    # A request without follow-up: its recorder and oversight.
    ("casework:followup_create", "request", "get", {**FOLLOWUP_PAGE, **NO_PERM}),
    ("casework:followup", "followup", "get", {**FOLLOWUP_NAMED, **NO_PERM}),
    ("casework:followup_next_step", "followup", "post", {**inside(200), **NO_PERM}),
    # The forms of the follow-up page asked with GET (the fragment its <details> loads, or
    # their own page without JavaScript), and the older interventions: full access only.
    ("casework:followup_next_step", "followup", "get", {**inside(NEXT_STEP_FORM), **NO_PERM}),
    ("casework:followup_close", "followup", "get", {**inside(200), **NO_PERM}),
    ("casework:followup_assign", "followup", "get", {**inside(200), **NO_PERM}),
    ("casework:intervention_create", "followup", "get", {**inside(200), **NO_PERM}),
    ("casework:consent_create", "followup", "get", {**inside(200), **NO_PERM}),
    ("casework:referral_create", "followup", "get", {**inside(200), **NO_PERM}),
    ("casework:intervention_list", "followup", "get", {**inside(OLDER), **NO_PERM}),
    ("casework:followup_pause", "followup", "post", {**inside(302), **NO_PERM}),
    ("casework:followup_resume", "followup", "post", {**inside(302), **NO_PERM}),
    ("casework:followup_close", "followup", "post", {**inside(200), **NO_PERM}),
    ("casework:followup_reopen", "followup", "post", {**inside(302), **NO_PERM}),
    ("casework:followup_assign", "followup", "post", {**inside(200), **NO_PERM}),
    ("casework:followup_unassign", "followup", "post", {**inside(302), **NO_PERM}),
    ("casework:intervention_create", "followup", "post", {**inside(200), **NO_PERM}),
    ("casework:consent_create", "followup", "post", {**inside(200), **NO_PERM}),
    ("casework:consent_withdraw", "consent", "post", {**PART, **NO_PERM}),
    ("casework:referral_create", "followup", "post", {**inside(200), **NO_PERM}),
    ("casework:referral_status", "referral", "post", {**PART, **NO_PERM}),
    # glass.py: only oversight may break the glass; a field worker, even assigned, may not.
    (
        "casework:followup_break_glass",
        "followup",
        "get",
        {**FOLLOWUP_PAGE, "member": 403, **NO_PERM},
    ),
    # The person's follow-ups: whoever may open the person's file.
    ("casework:person_casework", "person", "get", {**FOLLOWUP_PAGE, **NO_PERM}),
]


@pytest.fixture
def objects(
    followup, referral, pending_request, colleague, coordinator, director, outside_worker,
    owner, dpo, outsider,
):  # fmt: skip
    return {
        "followup": {"pk": followup.pk},
        "request": {"pk": pending_request.pk},
        "consent": {"pk": referral.consent_id},
        "referral": {"pk": referral.pk},
        "person": {"pk": followup.person_id},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)


def test_an_assigned_coordinator_going_to_break_the_glass_is_sent_to_the_follow_up(
    client, coordinator, make_followup
):
    followup = make_followup(coordinator)
    client.force_login(coordinator)
    response = client.get(f"/suivis/{followup.pk}/bris-de-glace/")
    assert response.status_code == 302
    assert response["Location"] == f"/suivis/{followup.pk}/"


# The checks of the matrix can fail: each fed a wrong expectation on a real follow-up.
def test_the_matrix_flags_a_refusal_that_confirms_the_follow_up_exists(request, objects):
    row = ("casework:followup_pause", "followup", "post", {"coordinator": 403})
    user = request.getfixturevalue("coordinator")
    failures = check_cell(request, objects, "coordinator", user, row, known={})
    assert len(failures) == 1
    assert "403 but 404 for a missing object" in failures[0]


def test_the_matrix_flags_notes_shown_where_only_existence_may_be(request, objects):
    row = ("casework:followup", "followup", "get", {"member": EXISTENCE_ONLY})
    failures = check_cell(request, objects, "member", request.getfixturevalue("member"), row)
    assert len(failures) == 1
    assert "existence only: shows" in failures[0]
