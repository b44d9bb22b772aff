"""Rows of the permission matrix (see test_authorisation.py): attendance, exports, calendars.

Everyone who works with young people in the activity's organisation takes attendance and
exports its lists (a colleague may stand in for the staff); workers of another organisation
get a 404; roles without that permission a 403. The worker's feed is public: its secret
address is the key.
"""

NO_PERM = {"owner": 403, "dpo": 403, "outsider": 403}
# Pages of an object of organisation A.
TEAM_PAGE = {"member": 200, "colleague": 200, "coordinator": 200, "outside_worker": 404, **NO_PERM}
# Posted empty on a session of today: the worker is sent back to the session page.
TEAM_POST = {"member": 302, "colleague": 302, "coordinator": 302, "outside_worker": 404, **NO_PERM}
# Pages about the worker themselves: any worker of any organisation.
OWN_PAGE = {"member": 200, "colleague": 200, "coordinator": 200, "outside_worker": 200, **NO_PERM}
OWN_POST = {"member": 302, "colleague": 302, "coordinator": 302, "outside_worker": 302, **NO_PERM}
PUBLIC = {
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
    ("activities:session", "session", "get", TEAM_PAGE),
    ("activities:attendance_set", "attendance", "post", TEAM_POST),
    ("activities:session_headcount", "session", "post", TEAM_POST),
    ("activities:attendance_rest_present", "session", "post", TEAM_POST),
    ("activities:participants_xlsx", "activity", "get", TEAM_PAGE),
    ("activities:participants_pdf", "activity", "get", TEAM_PAGE),
    ("activities:attendance_xlsx", "activity", "get", TEAM_PAGE),
    ("activities:attendance_pdf", "activity", "get", TEAM_PAGE),
    ("activities:activity_ics", "activity", "get", TEAM_PAGE),
    ("activities:my_calendar", None, "get", OWN_PAGE),
    ("activities:feed_regenerate", None, "post", OWN_POST),
    ("activities:worker_feed", "feed", "get", PUBLIC),
]
