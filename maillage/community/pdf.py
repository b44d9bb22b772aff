"""The diagnosis as a PDF (through `core.documents`, as every PDF).

It shows the team's sections, the observations and the figures exactly as the statistics
layer gives them: a small cell is "<5", never its count, and no person is named.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from maillage.core import documents


def diagnosis_pdf(context: dict[str, Any]) -> bytes:
    title = str(context["diagnosis"].title)
    html = render_to_string(
        "community/diagnosis_pdf.html",
        {**context, "document_title": title, "exported_on": timezone.localdate()},
    )
    return documents.pdf_from_html(html, title=title)
