"""Rows of the permission matrix (see test_authorisation.py): the team's pages.

Every worker of the activity's organisation opens and changes its activities (a colleague
may stand in for the staff); workers of another organisation get a 404 on A's objects but
open the pages without an object (their own list, a new activity, payments); roles without
the permission to work with young people get a 403. POST rows are posted empty.
"""

NO_PERM = {"owner": 403, "dpo": 403, "outsider": 403}
# A page about an object of organisation A.
TEAM_PAGE = {"member": 200, "colleague": 200, "coordinator": 200, "outside_worker": 404, **NO_PERM}
# A page without an object: any worker of any organisation.
OWN_PAGE = {"member": 200, "colleague": 200, "coordinator": 200, "outside_worker": 200, **NO_PERM}
# A form posted empty on an object of A: the page again, with the errors at the fields.
TEAM_FORM = TEAM_PAGE
# A button posted on an object of A: back to the page with a message.
TEAM_BUTTON = {
    "member": 302,
    "colleague": 302,
    "coordinator": 302,
    "outside_worker": 404,
    **NO_PERM,
}
# The receipt of a registration that is not paid yet does not exist (see test_payment_pages).
NOT_PAID = {"member": 404, "colleague": 404, "coordinator": 404, "outside_worker": 404, **NO_PERM}

ROWS: list[tuple] = [
    ("activities:activity_list", None, "get", OWN_PAGE),
    ("activities:activity_create", None, "get", OWN_PAGE),
    ("activities:activity_create", None, "post", OWN_PAGE),
    ("activities:activity", "activity", "get", TEAM_PAGE),
    ("activities:activity_edit", "activity", "get", TEAM_PAGE),
    ("activities:activity_edit", "activity", "post", TEAM_FORM),
    # The page's forms, asked alone: loaded when their <details> opens, or a page of their own.
    ("activities:session_add", "activity", "get", TEAM_PAGE),
    ("activities:session_add", "activity", "post", TEAM_FORM),
    ("activities:sessions_generate", "activity", "get", TEAM_PAGE),
    ("activities:sessions_generate", "activity", "post", TEAM_FORM),
    # The session of the camp has no attendance yet: it is removed.
    ("activities:session_remove", "session", "post", TEAM_BUTTON),
    # The full price is in use: refused, with a message.
    ("activities:price_remove", "tier", "post", TEAM_BUTTON),
    ("activities:price_add", "activity", "get", TEAM_PAGE),
    ("activities:price_add", "activity", "post", TEAM_FORM),
    ("activities:registration_create", "activity", "get", TEAM_PAGE),
    ("activities:registration_create", "activity", "post", TEAM_FORM),
    ("activities:registration", "registration", "get", TEAM_PAGE),
    ("activities:registration_cancel", "registration", "post", TEAM_BUTTON),
    # Posted empty: "Choose a price." on the registration's page.
    ("activities:registration_price", "registration", "post", TEAM_FORM),
    ("activities:payment_update", "registration", "post", TEAM_FORM),
    ("activities:receipt", "registration", "get", NOT_PAID),
    ("activities:payment_by_reference", None, "get", OWN_PAGE),
    ("activities:payment_by_reference", None, "post", OWN_PAGE),
]
