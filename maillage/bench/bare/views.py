"""The bare page: signed in, 50 rows, a form with its CSRF token."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

ROWS = [
    {"number": n, "name": f"Ligne {n}", "date": f"2026-01-{n % 28 + 1:02d}", "hours": n % 8 + 1}
    for n in range(1, 51)
]


@login_required
def page(request: HttpRequest) -> HttpResponse:
    return render(request, "bare/page.html", {"rows": ROWS})
