"""What every file the product writes must be, checked on the file itself (tests/<app>/ use
these on their own downloads; tests/core/test_documents.py tests the module).

- A spreadsheet cell holding text that a spreadsheet would run as a formula starts with `'`.
"""

from __future__ import annotations

# Text a parent or a partner could type, each a formula in some spreadsheet program.
FORMULAS = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "＝1+1",  # full-width equals sign
)
