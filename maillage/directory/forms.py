"""Forms of the social offer. They parse and label; the rules are `services.service_errors`,
whose French errors the views put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from maillage.core.models import Commune
from maillage.directory.models import Service, Theme
from maillage.directory.queries import Search
from maillage.directory.services import SERVICE_FIELDS


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes served"),
        queryset=Commune.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if the service is open to people from any commune."),
    )

    class Meta:
        model = Service
        fields = [*SERVICE_FIELDS, "communes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "access": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
        }
        help_texts = {
            "latitude": _("Optional: places the service on the map (for example 50.8503)."),
            "longitude": _("Optional: for example 4.3517."),
            "email": _("A generic address of the service, not a person’s: it is published."),
            "phone": _("Published with the service."),
            "price_note": _("Required when the service is not free."),
            "is_published": _("Shown to the network, on the public page and in the open data."),
        }

    def _post_clean(self) -> None:
        # The rules (a unique name per organisation, the ages…) are the service's.
        self._meta.exclude = tuple(self.fields)  # type: ignore[assignment]
        super()._post_clean()

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {key: data.get(key) for key in SERVICE_FIELDS}
        for key in ("gender", "description", "address", "opening_hours", "phone"):
            values[key] = values[key] or ""
        return {**values, "communes": list(data.get("communes") or [])}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words of the name, description or organisation, with or without accents."),
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("All communes"),
    )
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Services open to a person of this age."),
    )

    def __init__(self, *args: Any, communes: QuerySet[Commune], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]

    def search(self) -> Search:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return Search(
            theme=data.get("theme") or "",
            age=data.get("age"),
            commune=data.get("commune"),
            text=data.get("q") or "",
            stale=bool(data.get("stale")),
            # Stale entries are flagged to their organisation: the filter shows one's own.
            mine_only=bool(data.get("mine") or data.get("stale")),
        )

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class TeamSearchForm(SearchForm):
    mine = forms.BooleanField(label=_("Only my organisation’s services"), required=False)
    stale = forms.BooleanField(
        label=_("Only entries not checked for 12 months"),
        required=False,
        help_text=_("Of your organisation: confirm them or bring them up to date."),
    )
