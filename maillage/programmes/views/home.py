"""The programmes area's landing page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.core.permissions import org_view
from maillage.core.roles import Perm


@org_view(Perm.VIEW_STATISTICS)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/index.html", {})
