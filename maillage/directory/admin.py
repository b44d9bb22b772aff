"""The Django admin of the social offer: services to look at, read-only.

They are changed in the team's pages, where the rules run and every change is audited.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from maillage.directory.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "organisation", "theme", "is_published", "updated_at"]
    list_filter = ["theme", "is_published"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
