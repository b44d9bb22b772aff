"""Forms of the school / work status timeline and of the ESF+ participant records. They
parse; the services in `timeline.py` and `esf.py` hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.casework.models import FollowUp
from maillage.people.models import Person
from maillage.schooling.models import EsfGender, Isced, LabourStatus, School, StatusKind
from maillage.schooling.models.esf import SensitiveAnswer, SensitiveItem


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class StatusForm(forms.Form):
    starts_on = _date(_("Since"))
    kind = forms.ChoiceField(
        label=_("Situation"), choices=StatusKind.choices, widget=forms.RadioSelect
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        required=False,
        queryset=School.objects.none(),
        help_text=_("Only when the young person is in school."),
    )
    detail = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=200,
        help_text=_("Class, training, employer… No confidential content."),
    )
    followup = forms.ModelChoiceField(
        label=_("Follow-up"),
        required=False,
        queryset=FollowUp.objects.none(),
        help_text=_("If this was learnt during one of the young person’s follow-ups."),
    )

    def __init__(self, *args: Any, user: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school_field: Any = self.fields["school"]
        school_field.queryset = School.objects.visible_to(user).select_related("organisation")
        followup_field: Any = self.fields["followup"]
        followup_field.queryset = (
            FollowUp.objects.visible_to(user).filter(person=person).select_related("person")
        )
        followup_field.label_from_instance = lambda f: (
            f.opened_on.strftime("%d/%m/%Y") + (f" – {f.closed_on:%d/%m/%Y}" if f.closed_on else "")
        )


class ParticipantEntryForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("File number of the young person"),
        queryset=Person.objects.none(),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("The number shown on the young person’s file."),
        error_messages={"invalid_choice": _("No young person of yours has this file number.")},
    )
    entered_on = _date(_("Entry date"))
    gender = forms.ChoiceField(
        label=_("Gender"), choices=EsfGender.choices, widget=forms.RadioSelect
    )
    labour_status = forms.ChoiceField(
        label=_("Labour-market status at entry"), choices=[("", "—"), *LabourStatus.choices]
    )
    isced = forms.ChoiceField(
        label=_("Education level at entry"), choices=[("", "—"), *Isced.choices]
    )
    sensitive_consent_on = _date(
        _("Consent to the sensitive items given on"),
        required=False,
        help_text=_(
            "The items below are recorded only with the young person’s own consent for them. "
            "Without it, leave them all empty."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field: Any = self.fields["person"]
        person_field.queryset = Person.objects.visible_to(user).current()
        for item in SensitiveItem:
            self.fields[item.value] = forms.ChoiceField(
                label=item.label,
                required=False,
                choices=[("", "—"), *SensitiveAnswer.choices],
            )

    def sensitive_names(self) -> list[str]:
        return list(SensitiveItem.values)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["sensitive"] = {item: data.pop(item) or "" for item in SensitiveItem.values}
        return data


class _ResultsForm(forms.Form):
    in_education_or_training = forms.BooleanField(
        label=_("In education or training"), required=False
    )
    qualification_gained = forms.BooleanField(label=_("Gained a qualification"), required=False)
    employed = forms.BooleanField(
        label=_("In employment, including self-employment"), required=False
    )
    job_searching = forms.BooleanField(label=_("Job searching"), required=False)


class ExitForm(_ResultsForm):
    exited_on = _date(_("Exit date"))
    field_order = ["exited_on"]


class ResultForm(_ResultsForm):
    recorded_on = _date(_("Situation on"))
    field_order = ["recorded_on"]


class ReentryForm(forms.Form):
    reentered_on = _date(_("Re-entry date"))


class ParticipantFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Participants"),
        required=False,
        choices=[("", _("All")), ("open", _("In the project")), ("exited", _("Left"))],
    )
