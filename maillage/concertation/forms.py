"""Forms of the concertation pages. They parse and label; the rules are the services',
whose French errors the views put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.concertation.models import ActionStatus, Meeting, Member, Platform
from maillage.core.forms import HoneypotForm
from maillage.core.models import Organisation, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# Several forms share the meeting's page: prefixes keep their field names and ids apart.
AGENDA, DECISION, ACTION, MINUTES, MEMBER = "agenda", "decision", "action", "minutes", "member"


class PlatformForm(forms.ModelForm):  # type: ignore[type-arg]
    member_organisations = forms.ModelMultipleChoiceField(
        label=_("Member organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (or Cmd on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Platform
        fields = ["name", "description", "member_organisations", "public_registration"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member_organisations"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).exclude(pk=organisation_id)

    def _post_clean(self) -> None:
        pass  # the services check the rules, in French


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("A user of a member organisation"),
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
    )
    name = forms.CharField(label=_("Or the name of a person from outside"), required=False)
    email = forms.EmailField(label=_("Their e-mail address"), required=False)
    organisation_name = forms.CharField(label=_("Their organisation"), required=False)

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if users is not None:
            self.fields["user"].queryset = users  # type: ignore[attr-defined]


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One item a line. Open action items of earlier meetings are added by themselves."
        ),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "starts_at",
            "ends_at",
            "place",
            "is_conference",
            "capacity",
            "public_registration",
        ]
        widgets = {"date": DATE, "starts_at": TIME, "ends_at": TIME}
        help_texts = {"capacity": _("Leave empty for no limit.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["agenda"]  # items are added on the meeting's page

    def _post_clean(self) -> None:
        pass

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("New agenda item"), max_length=300)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class OwnerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=500)
    owner = OwnerField(
        label=_("Owner"), queryset=Member.objects.none(), required=False, empty_label="—"
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DATE)

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    meeting = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RegistrationForm(HoneypotForm):
    name = forms.CharField(label=_("Your first name and last name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    organisation_name = forms.CharField(
        label=_("Your organisation (optional)"), max_length=200, required=False
    )
