"""Forms of the period reports: asking for one, and the narrative of a section."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.programmes.models import Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def year_choices() -> list[tuple[str, str | Promise]]:
    this_year = timezone.localdate().year
    years = [str(year) for year in range(this_year, this_year - 6, -1)]
    return [("", _("— or give the dates below —")), *((y, y) for y in years)]


class ReportForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("— the whole organisation —"),
        help_text=_("A programme's report covers its coordination and the organisations it funds."),
    )
    year = forms.TypedChoiceField(
        label=_("Calendar year"),
        choices=(),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("From 1 January to 31 December: the dates below are then not needed."),
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("To"), required=False, widget=DATE)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Leave empty for “Activity report <year> — <programme>”."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Programme.objects.visible_to(user).order_by("title")
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = year_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("year")
        if year:
            data["period_start"], data["period_end"] = date(year, 1, 1), date(year, 12, 31)
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "programme": data.get("programme"),
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
            "title": data.get("title") or "",
        }


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )
