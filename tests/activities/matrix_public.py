"""Rows of the permission matrix (see test_authorisation.py): public pages.

Anyone, signed in or not, of any organisation, opens the public pages of a published
activity: the calendar, the activity, its registration form, the thanks page (empty without
a registration in the visitor's session) and its sessions as .ics. The form posted empty
is shown again with its errors.
"""

EVERYONE = {
    "member": 200,
    "colleague": 200,
    "coordinator": 200,
    "outside_worker": 200,
    "owner": 200,
    "dpo": 200,
    "outsider": 200,
    "anonymous": 200,
}

ROWS: list[tuple] = [
    ("activities:public_calendar", None, "get", EVERYONE),
    ("activities:public_activity", "activity", "get", EVERYONE),
    ("activities:public_register", "activity", "get", EVERYONE),
    ("activities:public_register", "activity", "post", EVERYONE),
    ("activities:public_thanks", "activity", "get", EVERYONE),
    ("activities:public_activity_ics", "activity", "get", EVERYONE),
]
