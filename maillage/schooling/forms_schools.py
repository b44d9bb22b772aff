"""Forms of the schools, pupils and rules pages. They parse and label; the rules are the
services', whose French errors the views put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.models import Commune, OrganisationKind
from maillage.schooling.models import School, SchoolYear, ThresholdRule
from maillage.schooling.schools import RULE_FIELDS

GRADES = [("", "—"), *((str(n), str(n)) for n in range(1, 8))]
DEGREES = [("", "—"), ("1", _("1st degree")), ("2", _("2nd degree")), ("3", _("3rd degree"))]


class SchoolFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, FWB number or commune"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    mine = forms.BooleanField(label=_("Only schools where we follow pupils"), required=False)


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in (OrganisationKind.SCHOOL, OrganisationKind.CPMS)],
    )
    fwb_number = forms.CharField(
        label=_("FWB number"),
        max_length=20,
        help_text=_("The number the Fédération Wallonie-Bruxelles gives the school (digits)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.order_by("name"))
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)

    @staticmethod
    def initial_for(school: School) -> dict[str, Any]:
        organisation = school.organisation
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "fwb_number": school.fwb_number,
            "commune": organisation.commune_id,
            "street": organisation.street,
            "postcode": organisation.postcode,
        }


class YearForm(forms.Form):
    year = forms.ModelChoiceField(
        label=_("School year"), queryset=SchoolYear.objects.all(), required=False, empty_label=None
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the young person"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class EnrolmentForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        help_text=_("A school missing from the list is added from the schools page."),
    )
    school_year = forms.ModelChoiceField(
        label=_("School year"), queryset=SchoolYear.objects.all(), empty_label=None
    )
    matricule = forms.CharField(
        label=_("Pupil number"),
        max_length=50,
        help_text=_("The school’s own number for the pupil (matricule), as in its exports."),
    )
    grade = forms.TypedChoiceField(
        label=_("Year"),
        choices=GRADES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Year of secondary school, 1 to 7: the degree decides some thresholds."),
    )
    class_name = forms.CharField(label=_("Class"), max_length=30, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schools = School.objects.visible_to(user).select_related("organisation")
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]


class RuleForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=120)
    half_days = forms.IntegerField(
        label=_("Unjustified half-days"),
        help_text=_("The rule is reached on this half-day of the school year (1 to 400)."),
    )
    applies_to_minors = forms.BooleanField(label=_("Applies to minors"), required=False)
    applies_to_adults = forms.BooleanField(label=_("Applies to pupils of age"), required=False)
    from_degree = forms.TypedChoiceField(
        label=_("Applies from degree"),
        choices=DEGREES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Also applies to pupils of this degree and above, whatever their age."),
    )
    consequence = forms.CharField(
        label=_("What it means"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)

    @staticmethod
    def initial_for(rule: ThresholdRule) -> dict[str, Any]:
        return {key: getattr(rule, key) for key in RULE_FIELDS}
