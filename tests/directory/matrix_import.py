"""Rows of the permission matrix (see test_authorisation.py): the import of services.

Importing changes the organisation's entries: `Perm.MANAGE_NETWORK` (coordinators, directors,
administrators); a field worker and the data-protection officer get a 403. The pages have
no object: a manager of any organisation opens them, and imports into their own. POST rows
are posted empty: the form again with its error (200), or, for the confirmation without a
file, back to the upload page with a message (302).
"""

NO_PERM = {"member": 403, "dpo": 403}
MANAGERS = ("coordinator", "outside_coordinator", "owner", "outsider")
PAGE = {**dict.fromkeys(MANAGERS, 200), **NO_PERM}
BUTTON = {**dict.fromkeys(MANAGERS, 302), **NO_PERM}

ROWS: list[tuple] = [
    ("directory:service_import", None, "get", PAGE),
    ("directory:service_import", None, "post", PAGE),
    ("directory:service_import_confirm", None, "post", BUTTON),
    ("directory:service_import_template", None, "get", PAGE),
    ("directory:service_import_example", None, "get", PAGE),
]
