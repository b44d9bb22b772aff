"""The platform administrator's corrections: a school year's dates when a decree moves them,
and the schools of the directory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from maillage.schooling.models import School, SchoolYear


class SchoolYearForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SchoolYear
        fields = ["label", "starts_on", "ends_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on:
            if ends_on <= starts_on:
                self.add_error("ends_on", _("The last day comes after the first day."))
                return data
            # Each day belongs to one school year: absences are counted per year.
            overlapping = SchoolYear.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
            if self.instance.pk:
                overlapping = overlapping.exclude(pk=self.instance.pk)
            other = overlapping.first()
            if other is not None:
                raise forms.ValidationError(
                    _("These dates overlap the school year %(label)s."),
                    params={"label": other.label},
                    code="overlap",
                )
        return data


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = SchoolYearForm
    list_display = ["label", "starts_on", "ends_on"]
    ordering = ["-starts_on"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["organisation", "fwb_number", "created_at"]
    search_fields = ["organisation__name", "fwb_number"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
