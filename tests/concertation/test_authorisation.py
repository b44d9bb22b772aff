"""The permission matrix of the concertation pages.

Users of the running organisation (A) and of a member organisation (`partner`, of C) see
the platform; only A's coordinators and administrators (`coordinator`, `owner`) change it:
`partner` gets a 403, `member` (a field worker) and `dpo` too, lacking the permission to
manage the network. `outsider` (B) gets a 404 on the platform's objects. The owner of an
action item (`member`) may close it. The conference's public page answers anyone.
POST rows are posted empty.
"""

from __future__ import annotations

import pytest

from tests.authorisation import ANON, check_matrix

PERSONAS = ["member", "coordinator", "owner", "dpo", "partner", "outsider", ANON]

EVERYONE = {"member": 200, "coordinator": 200, "owner": 200, "dpo": 200, "partner": 200}
# A page without an object, for every member of staff.
OWN_PAGE = {**EVERYONE, "outsider": 200}
# A page about the platform or one of its meetings.
VIEW = {**EVERYONE, "outsider": 404}
# A page without an object, for those who manage the network.
MANAGE_OWN = {
    "member": 403,
    "coordinator": 200,
    "owner": 200,
    "dpo": 403,
    "partner": 200,
    "outsider": 200,
}
# Changing the platform: only the running organisation's managers.
MANAGE = {
    "member": 403,
    "coordinator": 200,
    "owner": 200,
    "dpo": 403,
    "partner": 403,
    "outsider": 404,
}
MANAGE_BUTTON = {**MANAGE, "coordinator": 302, "owner": 302}
VIEW_BUTTON = {**{k: 302 for k in EVERYONE}, "outsider": 404}
# Closing an action item: its owner (member) and the managers.
CLOSE = {**MANAGE_BUTTON, "member": 302}
PUBLIC = {**OWN_PAGE, ANON: 200}

MATRIX: list[tuple] = [
    ("concertation:platform_list", None, "get", OWN_PAGE),
    ("concertation:my_actions", None, "get", OWN_PAGE),
    ("concertation:platform_create", None, "get", MANAGE_OWN),
    ("concertation:platform_create", None, "post", MANAGE_OWN),
    ("concertation:platform", "platform", "get", VIEW),
    ("concertation:platform_edit", "platform", "get", MANAGE),
    ("concertation:platform_edit", "platform", "post", MANAGE),
    ("concertation:member_add", "platform", "post", MANAGE),
    ("concertation:meeting_create", "platform", "get", MANAGE),
    ("concertation:meeting_create", "platform", "post", MANAGE),
    ("concertation:meeting", "meeting", "get", VIEW),
    ("concertation:meeting_ics", "meeting", "get", VIEW),
    ("concertation:meeting_edit", "meeting", "get", MANAGE),
    ("concertation:meeting_edit", "meeting", "post", MANAGE),
    ("concertation:agenda_add", "meeting", "post", MANAGE),
    ("concertation:decision_add", "meeting", "post", MANAGE),
    ("concertation:action_add", "meeting", "post", MANAGE),
    # Empty minutes are minutes: saved.
    ("concertation:minutes_save", "meeting", "post", MANAGE_BUTTON),
    ("concertation:attendance_save", "meeting", "post", MANAGE_BUTTON),
    ("concertation:invitations_send", "meeting", "post", MANAGE_BUTTON),
    ("concertation:register", "conference", "post", VIEW_BUTTON),
    ("concertation:action_status", "action", "post", CLOSE),
    ("concertation:public_conference", "conference", "get", PUBLIC),
    ("concertation:public_conference", "conference", "post", PUBLIC),
    ("concertation:public_thanks", "conference", "get", PUBLIC),
]


@pytest.fixture
def objects(platform, past_meeting, conference, action, guest):
    return {
        "platform": {"pk": platform.pk},
        "meeting": {"pk": past_meeting.pk},
        "conference": {"pk": conference.pk},
        "action": {"pk": action.pk},
    }


def test_permission_matrix(request, objects):
    # Everyone who opens the meeting sees its action items: a 403 on one reveals nothing.
    check_matrix(request, objects, PERSONAS, MATRIX, sees={"action": set(VIEW) - {"outsider"}})
