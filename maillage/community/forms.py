"""Forms of the community axis. They parse and label; the rules are the services', whose
French errors the views put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from maillage.activities.models import Activity
from maillage.community.diagnoses import DIAGNOSIS_FIELDS
from maillage.community.models import (
    BudgetLine,
    Diagnosis,
    Observation,
    ObservationSource,
    PlanAction,
    Project,
    ProjectStatus,
    Theme,
    YouthConsultation,
)
from maillage.community.services import PROJECT_FIELDS
from maillage.core.models import Commune, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEVERAL = _("Hold Ctrl (or Cmd on a Mac) to choose several.")
# Forms sharing a page keep their field names and ids apart.
BUDGET, OPINION, ADOPT, ACTION = "budget", "opinion", "adopt", "action"


def model_label(model: type[models.Model], name: str) -> Any:
    return capfirst(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def _organisations(exclude: int | None = None) -> Any:
    rows = Organisation.objects.filter(is_active=True).order_by("name")
    return rows.exclude(pk=exclude) if exclude else rows


class _ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    def _post_clean(self) -> None:
        # The services check the rules, in French and keyed by field; the model's
        # constraints would repeat the same mistakes in a generic English message.
        pass


class ProjectForm(_ServiceForm):
    communes = forms.ModelMultipleChoiceField(
        label=model_label(Project, "communes"),
        queryset=Commune.objects.order_by("name"),
        required=False,
        help_text=SEVERAL,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    partners = forms.ModelMultipleChoiceField(
        label=model_label(Project, "partners"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=format_lazy("{} {}", _("They see the project, without changing it."), SEVERAL),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    activities = forms.ModelMultipleChoiceField(
        label=model_label(Project, "activities"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=format_lazy(
            "{} {}", _("Activities of the collective axis that carry the project."), SEVERAL
        ),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Project
        fields = [*PROJECT_FIELDS, "communes", "partners", "activities"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "target_group": _("For example: girls of 12 to 16 of the neighbourhood."),
            "results": _("What the project achieved; required once it is finished."),
        }

    def __init__(self, *args: Any, organisation_id: int, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = _organisations(organisation_id)  # type: ignore[attr-defined]
        self.fields["activities"].queryset = (  # type: ignore[attr-defined]
            Activity.objects.visible_to(user).order_by("-starts_on", "title")
        )
        self.fields["objectives"].required = False
        self.fields["title"].required = False

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Title or target group"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProjectStatus.choices]
    )


class BudgetLineForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = BudgetLine
        fields = ["label", "planned", "spent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].required = False
        self.fields["spent"].required = False


class ObservationForm(_ServiceForm):
    evidence_file = forms.FileField(
        label=_("Evidence (file)"),
        required=False,
        help_text=_("PDF, Word, Excel, OpenDocument, PNG or JPEG; 5 MB at most."),
    )
    source = forms.ChoiceField(
        label=model_label(Observation, "source"),
        choices=[c for c in ObservationSource.choices if c[0] != "youth_consultation"],
        help_text=_("The opinions of young people are added on a youth consultation's page."),
    )

    class Meta:
        model = Observation
        fields = [
            "date",
            "commune",
            "neighbourhood",
            "theme",
            "source",
            "text",
            "evidence",
            "evidence_url",
        ]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "text": _("What is seen, not who: never a young person's name."),
            "evidence": _("A document, a meeting's minutes, a report: where to find it."),
            "evidence_url": _("If the evidence is online."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["commune"].empty_label = "—"  # type: ignore[attr-defined]


class ObservationFilterForm(forms.Form):
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All")), *Theme.choices]
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), required=False, queryset=Commune.objects.order_by("name")
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All")), *ObservationSource.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)


class ConsultationForm(_ServiceForm):
    class Meta:
        model = YouthConsultation
        fields = ["date", "method", "commune", "place", "participants", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "participants": _("A number only: nobody is recorded by name."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].required = False
        self.fields["place"].required = False
        self.fields["commune"].empty_label = "—"  # type: ignore[attr-defined]


class OpinionForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    text = forms.CharField(
        label=_("Opinion of the young people"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In their words, without a name. It becomes an observation."),
    )
    neighbourhood = forms.CharField(label=_("Neighbourhood"), required=False, max_length=200)


class DiagnosisForm(_ServiceForm):
    communes = forms.ModelMultipleChoiceField(
        label=_("Zone (communes)"),
        queryset=Commune.objects.order_by("name"),
        required=False,
        help_text=SEVERAL,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Diagnosis
        fields = [*DIAGNOSIS_FIELDS, "communes"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            **{
                name: forms.Textarea(attrs={"rows": 6})
                for name in (
                    "context",
                    "observations_comment",
                    "figures_comment",
                    "analysis",
                    "priorities",
                )
            },
        }
        help_texts = {
            "observations_comment": _(
                "The observations of the zone and period are assembled below this text."
            ),
            "figures_comment": _(
                "The anonymised figures of the zone and period are computed below this text."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "period_start", "period_end"):
            self.fields[name].required = False

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), required=False, widget=DATE)


class PlanActionForm(forms.ModelForm):  # type: ignore[type-arg]
    projects = forms.ModelMultipleChoiceField(
        label=model_label(PlanAction, "projects"),
        queryset=Project.objects.none(),
        required=False,
        help_text=SEVERAL,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = PlanAction
        fields = ["objective", "theme", "starts_on", "ends_on", "responsible", "projects"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = (  # type: ignore[attr-defined]
            Project.objects.visible_to(user).order_by("title")
        )
        self.fields["responsible"].queryset = _organisations()  # type: ignore[attr-defined]
        self.fields["responsible"].empty_label = "—"  # type: ignore[attr-defined]
        for name in ("objective", "starts_on", "ends_on", "responsible"):
            self.fields[name].required = False

    def _post_clean(self) -> None:
        pass
