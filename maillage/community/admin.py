"""The Django admin of the community axis: projects, observations and diagnoses to look at.

Read-only: they are changed in the team's pages, where the rules run and every change is
audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.community.models import Diagnosis, Observation, Project


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "kind", "status", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["date", "organisation", "commune", "theme", "source"]
    list_filter = ["theme", "source"]


@admin.register(Diagnosis)
class DiagnosisAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "period_start", "period_end", "adopted_on"]
