"""The diagnosis as a PDF (WeasyPrint, as the collective axis's exports).

It shows the team's sections, the observations and the figures exactly as the statistics
layer gives them: a small cell is "<5", never its count, and no person is named.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone


def diagnosis_pdf(context: dict[str, Any]) -> bytes:
    import weasyprint

    html = render_to_string(
        "community/diagnosis_pdf.html", {**context, "exported_on": timezone.localdate()}
    )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
