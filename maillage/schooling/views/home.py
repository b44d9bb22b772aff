"""The schooling area's landing page: where a dropout-prevention team starts its day."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.core.permissions import org_view
from maillage.core.roles import Perm


@org_view(Perm.WORK_WITH_YOUNG_PEOPLE)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "schooling/index.html", {})
