"""Platforms, meetings and action items to look at in the Django admin. Read-only: they
change in the team's pages, where the rules run and every change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.concertation.models import ActionItem, Meeting, Platform


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Platform)
class PlatformAdmin(ReadOnly):
    list_display = ["name", "organisation", "created_at"]
    search_fields = ["name"]
    list_select_related = ["organisation"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["title", "platform", "date", "is_conference"]
    list_filter = ["is_conference"]
    list_select_related = ["platform"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnly):
    list_display = ["text", "platform", "owner", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["platform", "owner"]
