"""Forms of programmes. They parse and label; the rules are the services', whose French
errors the views put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from maillage.core.models import Organisation, OrganisationKind
from maillage.network.models import Agreement
from maillage.programmes.indicators import CATALOGUE
from maillage.programmes.models import (
    BudgetLine,
    FundedProject,
    IndicatorTarget,
    Programme,
    Spending,
)
from maillage.programmes.services import PROGRAMME_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEVERAL = _("Hold Ctrl (or Cmd on a Mac) to choose several.")


def _organisations() -> Any:
    return Organisation.objects.filter(is_active=True).order_by("name")


class _ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                # Amounts are typed the Belgian way ("1 234,50") and shown back so.
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True

    def _post_clean(self) -> None:
        # The services check the rules, in French and keyed by field; the model's own
        # validation would repeat the same mistakes in a generic message.
        pass

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields or ()}


class ProgrammeForm(_ServiceForm):
    funders = forms.ModelMultipleChoiceField(
        label=_("Funders"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=format_lazy("{} {}", _("Funders of the directory come first."), SEVERAL),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Programme
        fields = [*PROGRAMME_FIELDS, "funders"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "slug": _("Used in addresses and by the report command, e.g. pcs-2025-2029."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Funders first: a programme is funded by a funder, rarely by another organisation.
        funders_first = Case(
            When(kind=OrganisationKind.FUNDER, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        self.fields["funders"].queryset = _organisations().order_by(  # type: ignore[attr-defined]
            funders_first, "name"
        )
        for name in ("title", "slug", "starts_on", "ends_on", "envelope"):
            self.fields[name].required = False

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        values["slug"] = values.get("slug") or ""
        return values


class FundedProjectForm(_ServiceForm):
    class Meta:
        model = FundedProject
        fields = ["organisation", "title", "amount", "agreement"]
        help_texts = {
            "agreement": _("An agreement of the network that binds the funded organisation."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]
        # Any agreement the user sees; the service checks it binds the chosen organisation.
        self.fields["agreement"].queryset = (  # type: ignore[attr-defined]
            Agreement.objects.visible_to(user).order_by("title", "pk")
        )
        for name in ("organisation", "title", "amount"):
            self.fields[name].required = False


class BudgetLineForm(_ServiceForm):
    class Meta:
        model = BudgetLine
        fields = ["label", "planned"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = False


class SpendingForm(_ServiceForm):
    class Meta:
        model = Spending
        fields = [
            "budget_line",
            "project",
            "spent_on",
            "amount",
            "description",
            "over_envelope_reason",
        ]
        widgets = {"spent_on": DATE, "over_envelope_reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "project": _("When the money went to one of the funded projects."),
            "over_envelope_reason": _(
                "Only needed when the spending exceeds the remaining envelope."
            ),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = programme.budget_lines.order_by("label")  # type: ignore[attr-defined]
        self.fields["project"].queryset = programme.projects.select_related(  # type: ignore[attr-defined]
            "organisation"
        ).order_by("organisation__name", "title")
        self.fields["project"].label_from_instance = (  # type: ignore[attr-defined]
            lambda project: f"{project.organisation.name} — {project.title}"
        )
        for name in ("budget_line", "spent_on", "amount", "description"):
            self.fields[name].required = False

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        values["description"] = values.get("description") or ""
        values["over_envelope_reason"] = values.get("over_envelope_reason") or ""
        return values


class TargetForm(_ServiceForm):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=())

    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "period_start", "period_end", "target"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *sorted(((code, str(item.label)) for code, item in CATALOGUE.items()), key=_by_label),
        ]
        for name in self.fields:
            self.fields[name].required = False


def _by_label(choice: tuple[str, str]) -> str:
    return choice[1]
