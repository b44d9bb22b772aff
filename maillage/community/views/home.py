"""The community axis's landing page: projects under way, recent observations, the current
diagnosis and when it is due."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.community.models import ProjectStatus
from maillage.community.queries import (
    consultation_rows,
    current_diagnosis,
    due_of,
    observation_rows,
    project_rows,
)
from maillage.core.permissions import org_view
from maillage.core.roles import Perm

PROJECTS, OBSERVATIONS, CONSULTATIONS = 6, 6, 3
UNDER_WAY = (ProjectStatus.IDEA, ProjectStatus.PREPARING, ProjectStatus.RUNNING)


@org_view(Perm.VIEW_TEAM)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = current_diagnosis(user)
    context = {
        "projects": list(project_rows(user).filter(status__in=UNDER_WAY)[:PROJECTS]),
        "observations": list(observation_rows(user)[:OBSERVATIONS]),
        "consultations": list(consultation_rows(user)[:CONSULTATIONS]),
        "current": current,
        "due": due_of(current),
    }
    return render(request, "community/index.html", context)
