"""What the law asks of the public pages, besides their content: when the accessibility
statement and the privacy policy were last reviewed against what the pages do.

Change a date with its text (website/public/_accessibility_statement.html, privacy.html and
maillage/privacy/notices.py): the statement's date is part of what the law requires.
"""

from __future__ import annotations

from datetime import date

ACCESSIBILITY_STATEMENT_DATE = date(2026, 12, 7)
PRIVACY_POLICY_DATE = date(2026, 12, 7)
