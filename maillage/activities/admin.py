"""The Django admin of the collective axis: the school calendar, and activities to look at.

The administrator enters each year's school holidays here (the camp rule and the weekly
sessions read them). Activities are shown read-only: they are changed in the team's pages,
where the rules run and every change is audited; registrations, which hold what parents
told us, are not in the admin at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from maillage.activities.models import Activity, SchoolHoliday


class SchoolHolidayForm(ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SchoolHoliday
        fields = ["name", "starts_on", "ends_on"]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
        return data


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = SchoolHolidayForm
    list_display = ["name", "starts_on", "ends_on"]
    date_hierarchy = "starts_on"
    search_fields = ["name"]
    ordering = ["-starts_on"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "organisation", "commune", "starts_on", "ends_on", "places"]
    list_filter = ["kind", "is_public", "organisation"]
    search_fields = ["title", "place", "organisation__name"]
    date_hierarchy = "starts_on"
    list_select_related = ["organisation", "commune"]
    exclude = ["staff", "partners", "created_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
