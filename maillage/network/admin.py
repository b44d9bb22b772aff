"""The network's records in the Django admin, read-only: they change in the team's pages,
where the rules run and every change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.network.models import Agreement, Placement, Training


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Placement)
class PlacementAdmin(ReadOnly):
    list_display = ["worker", "organisation", "host", "host_name", "starts_on", "ends_on"]
    list_select_related = ["worker", "organisation", "host"]
    list_filter = ["starts_on"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnly):
    list_display = ["title", "organisation", "status", "starts_on", "ends_on"]
    list_select_related = ["organisation"]
    list_filter = ["status"]


@admin.register(Training)
class TrainingAdmin(ReadOnly):
    list_display = ["title", "trainer", "organisation"]
    list_select_related = ["organisation"]
