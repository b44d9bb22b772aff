"""Forms of the signal inbox: filters, the actions on a signal, and a signal entered by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.casework.forms import WorkerChoiceField, WorkersField
from maillage.casework.models import Theme
from maillage.casework.queries import eligible_workers
from maillage.core.models import User
from maillage.people.models import Person
from maillage.schooling.models import School, SignalSource, SignalStatus
from maillage.schooling.signal_queries import ASSIGNED_ME, ASSIGNED_NONE
from maillage.schooling.signalling import MANUAL_SOURCES

# The forms of the signal's page share it: prefixes keep their field names and ids apart.
ASSIGN, CLOSE = "assign", "close"


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _user_label(user: User) -> str:
    return user.get_full_name() or user.email


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All, open ones first")), ("open", _("Open")), *SignalStatus.choices],
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All")), *SignalSource.choices]
    )
    assigned = forms.ChoiceField(label=_("Assigned to"), required=False)

    def __init__(self, *args: Any, workers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            (ASSIGNED_ME, _("Me")),
            (ASSIGNED_NONE, _("Nobody yet")),
            *((str(w.pk), _user_label(w)) for w in workers),
        ]


class AssignForm(forms.Form):
    worker = WorkerChoiceField(label=_("Worker"), queryset=User.objects.none(), empty_label="—")

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", ASSIGN)
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = eligible_workers(organisation_id)  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: already followed by another service, absences justified since."),
        error_messages={"required": _("Say why the signal is closed.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", CLOSE)
        super().__init__(*args, **kwargs)


class FollowUpForm(forms.Form):
    """The consent step: help exists only at the young person's request."""

    agreed = forms.BooleanField(
        label=_("The young person, or their family, agreed to be accompanied by our team."),
        error_messages={
            "required": _(
                "A follow-up starts only if the young person or their family agreed to be "
                "accompanied: confirm their agreement."
            )
        },
    )
    agreed_on = _date_field(_("Date of their agreement"))
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        initial=[Theme.SCHOOLING],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    workers = WorkersField(
        label=_("Workers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("A follow-up needs at least one worker.")},
    )

    def __init__(
        self, *args: Any, user: User, organisation_id: int, assigned_to: User | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        workers = eligible_workers(organisation_id)
        self.fields["workers"].queryset = workers  # type: ignore[attr-defined]
        if not self.is_bound:
            # The worker the signal was given to, or else the one filling in the form.
            self.initial.setdefault("workers", [(assigned_to or user).pk])


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        # The birth date tells apart two young people of the same name.
        born = f" ({obj.birth_date:%d/%m/%Y})" if obj.birth_date else ""
        return f"{obj.last_name} {obj.first_name}{born}"


class SignalForm(forms.Form):
    """A signal entered by hand."""

    person = PersonChoiceField(
        label=_("The young person"),
        queryset=Person.objects.none(),
        empty_label="—",
        help_text=_("Only the young people you can see are listed."),
    )
    source = forms.ChoiceField(
        label=_("Signalled by"),
        choices=[(s.value, s.label) for s in MANUAL_SOURCES],
        widget=forms.RadioSelect,
        initial=SignalSource.SCHOOL,
    )
    school = forms.ModelChoiceField(
        label=_("School"), required=False, queryset=School.objects.none(), empty_label="—"
    )
    raised_on = _date_field(_("Signalled on"))
    details = forms.CharField(
        label=_("What was said"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Encrypted; read only by your team."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.visible_to(user).current().only("first_name", "last_name", "birth_date")
        )
        self.fields["school"].queryset = (  # type: ignore[attr-defined]
            School.objects.visible_to(user).select_related("organisation")
        )
