"""The permission matrix of the newsletter.

The team's pages need `Perm.MANAGE_NETWORK`: A's `coordinator` and `owner` open them;
`member` (field worker) and `dpo` get a 403; `outsider`, administrator of B, opens B's own
lists but gets a 404 on A's issues (never a 403 that would confirm they exist). The public
pages (subscribe, confirm, unsubscribe) answer anyone; a confirmation or unsubscribe link
with an unknown token is a 404 for everyone.
"""

from __future__ import annotations

import pytest

from maillage.newsletter.models import Issue, SubscriberStatus, new_token, token_digest
from tests.authorisation import ANON, check_matrix

PERSONAS = ["member", "coordinator", "owner", "dpo", "outsider", ANON]

MEMBERS = {"member": 200, "coordinator": 200, "owner": 200, "dpo": 200, "outsider": 200}
EVERYONE = {**MEMBERS, ANON: 200}
MANAGERS = {**MEMBERS, "member": 403, "dpo": 403}
MANAGE_A = {**MANAGERS, "outsider": 404}
MANAGE_A_DONE = {**MANAGE_A, "coordinator": 302, "owner": 302}
NO_PAGE = {persona: 404 for persona in EVERYONE}

MATRIX: list[tuple] = [
    ("newsletter:index", None, "get", MANAGERS),
    ("newsletter:subscribers", None, "get", MANAGERS),
    ("newsletter:issue_create", None, "get", MANAGERS),
    ("newsletter:issue_create", None, "post", MANAGERS),  # empty: shown again with errors
    ("newsletter:issue", "issue", "get", MANAGE_A),
    ("newsletter:issue_edit", "issue", "get", MANAGE_A),
    ("newsletter:issue_edit", "issue", "post", MANAGE_A),
    ("newsletter:issue_preview", "issue", "get", MANAGE_A),
    ("newsletter:issue_send", "issue", "post", MANAGE_A_DONE),
    ("newsletter:issue_log", "issue", "get", MANAGE_A),
    ("newsletter:subscribe", "org", "get", EVERYONE),
    ("newsletter:subscribe", "org", "post", EVERYONE),  # empty: shown again with errors
    ("newsletter:subscribe_sent", "org", "get", EVERYONE),
    ("newsletter:confirm", "pending", "get", EVERYONE),
    ("newsletter:confirm", "pending", "post", EVERYONE),
    ("newsletter:confirm", "unknown", "post", NO_PAGE),
    ("newsletter:unsubscribe", "confirmed", "get", EVERYONE),
    ("newsletter:unsubscribe", "confirmed", "post", EVERYONE),
    ("newsletter:unsubscribe", "unknown", "post", NO_PAGE),
]


@pytest.fixture
def objects(org_a, coordinator, make_subscriber):
    issue = Issue.objects.create(organisation=org_a, subject="Lettre Infos", created_by=coordinator)
    token = new_token()
    make_subscriber(
        "attente@example.org", SubscriberStatus.PENDING, confirm_digest=token_digest(token)
    )
    confirmed = make_subscriber("lea@example.org")
    return {
        "issue": {"pk": issue.pk},
        "org": {"slug": org_a.slug},
        "pending": {"slug": org_a.slug, "token": token},
        "confirmed": {"slug": org_a.slug, "token": confirmed.unsubscribe_token},
        "unknown": {"slug": org_a.slug, "token": "jeton-inconnu"},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
