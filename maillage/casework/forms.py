"""Forms of the follow-up page. Each form that changes the follow-up carries its `version`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.casework.consents import REFERRAL_NEXT
from maillage.casework.models import (
    AgeBand,
    ConsentScope,
    FollowUp,
    InterventionKind,
    Outcome,
    ReferralStatus,
    Requester,
    Theme,
)
from maillage.casework.queries import eligible_workers
from maillage.core.models import Commune, Organisation, User
from maillage.people.models import Gender


def date_field(label: Any, *, required: bool = True, today: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if today else None,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _user_label(user: User) -> str:
    return user.get_full_name() or user.email


class WorkerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _user_label(obj)


class WorkersField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _user_label(obj)


class _NameChoices(ModelChoiceIterator):
    """The options as (id, name) rows: the sector lists hundreds of organisations, and an
    Organisation built per option was most of a follow-up page's time (issue 8, P1)."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")

    def __len__(self) -> int:
        return self.queryset.count() + (self.field.empty_label is not None)


class OrganisationField(forms.ModelChoiceField):  # type: ignore[type-arg]
    iterator = _NameChoices

    def __init__(self, *, exclude: int | None, **kwargs: Any) -> None:
        queryset = Organisation.objects.filter(is_active=True).exclude(pk=exclude)
        super().__init__(queryset=queryset.order_by("name"), empty_label="—", **kwargs)


# Several forms share the follow-up page: prefixes keep their field names and ids apart.
NEXT_STEP, CLOSE, ASSIGN, INTERVENTION, CONSENT, REFERRAL = (
    "next",
    "close",
    "assign",
    "intervention",
    "consent",
    "referral",
)


def withdraw_prefix(pk: int) -> str:
    return f"withdraw-{pk}"


def referral_status_prefix(pk: int) -> str:
    return f"referral-{pk}"


class VersionForm(forms.Form):
    """Pause, resume, reopen: only the version the button was shown with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FollowUpOpenForm(forms.Form):
    workers = WorkersField(
        label=_("Workers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opened_on = date_field(_("Opened on"))
    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_step_due = date_field(_("Next step due on"), required=False, today=False)

    def __init__(self, *args: Any, organisation_id: int, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = eligible_workers(organisation_id)
        self.fields["workers"].queryset = workers  # type: ignore[attr-defined]
        if not self.is_bound and workers.filter(pk=user.pk).exists():
            self.initial.setdefault("workers", [user.pk])


class NextStepForm(VersionForm):
    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_step_due = date_field(_("Due on"), required=False, today=False)


class CloseForm(VersionForm):
    closed_on = date_field(_("Closed on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices])
    reason = forms.CharField(
        label=_("Reason for closing"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(VersionForm):
    worker = WorkerChoiceField(label=_("Add a worker"), queryset=User.objects.none())

    def __init__(self, *args: Any, followup: FollowUp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = eligible_workers(  # type: ignore[attr-defined]
            followup.organisation_id
        ).exclude(assignments__followup=followup)


class UnassignForm(VersionForm):
    worker = forms.ModelChoiceField(queryset=User.objects.all(), widget=forms.HiddenInput)


class InterventionForm(forms.Form):
    date = date_field(_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=24 * 60,
        initial=45,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "5"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=InterventionKind.choices)
    present = forms.CharField(
        label=_("Who was present"),
        required=False,
        max_length=300,
        help_text=_("For example: the young person, their mother, the school's educator."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Encrypted, and readable only by the workers of this follow-up."),
    )
    # A new token each time the form is shown: the same form posted twice logs once.
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, autofocus: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())
        if autofocus:
            self.fields["date"].widget.attrs["autofocus"] = True


class ConsentForm(forms.Form):
    shared_with = OrganisationField(label=_("Shared with"), exclude=None)
    scope = forms.ChoiceField(
        label=_("What may be shared"), choices=ConsentScope.choices, widget=forms.RadioSelect
    )
    given_on = date_field(_("Given on"))

    def __init__(self, *args: Any, followup: FollowUp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"] = OrganisationField(
            label=_("Shared with"), exclude=followup.organisation_id
        )


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = date_field(_("Withdrawn on"))


class ReferralForm(forms.Form):
    to_organisation = OrganisationField(label=_("Refer to"), exclude=None)
    sent_on = date_field(_("Sent on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you told the service, or what you agreed with it. Encrypted."),
    )

    def __init__(self, *args: Any, followup: FollowUp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"] = OrganisationField(
            label=_("Refer to"),
            exclude=followup.organisation_id,
            help_text=_("Only with the young person's consent to share with this organisation."),
        )


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        following = REFERRAL_NEXT.get(ReferralStatus(current), set())
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in ReferralStatus.choices if value in following
        ]


class Identity(models.TextChoices):
    NEW = "new", _("Identified: a young person not recorded yet")
    ANONYMOUS = "anonymous", _("Anonymous: only age band, gender and commune")


class RequestForm(forms.Form):
    """A request in under a minute. The young person is chosen beforehand (`person`), typed
    in a `people.forms.PersonForm` beside this form, or left anonymous."""

    received_on = date_field(_("Received on"))
    requester = forms.ChoiceField(
        label=_("Who asks"),
        choices=Requester.choices,
        initial=Requester.YOUNG_PERSON,
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    summary = forms.CharField(
        label=_("What is asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Encrypted; only the workers of the follow-up read it."),
    )
    identity = forms.ChoiceField(
        label=_("The young person"),
        choices=Identity.choices,
        initial=Identity.NEW,
        widget=forms.RadioSelect,
    )
    age_band = forms.ChoiceField(
        label=_("Age band"), required=False, choices=[("", "—"), *AgeBand.choices]
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices]
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        required=False,
        queryset=Commune.objects.order_by("name"),
        empty_label="—",
    )
    open_followup = forms.BooleanField(
        label=_("Open a follow-up now"), required=False, initial=True
    )
    workers = WorkersField(
        label=_("Workers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_step_due = date_field(_("Next step due on"), required=False, today=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, user: User, organisation_id: int, person_chosen: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        workers = eligible_workers(organisation_id)
        self.fields["workers"].queryset = workers  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())
            if workers.filter(pk=user.pk).exists():
                self.initial.setdefault("workers", [user.pk])
        if person_chosen:
            for name in ("identity", "age_band", "gender", "commune"):
                del self.fields[name]

    @property
    def request_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("received_on", "requester", "themes", "summary")]

    @property
    def anonymous_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("age_band", "gender", "commune") if n in self.fields]

    @property
    def followup_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("workers", "next_step", "next_step_due")]

    @property
    def is_anonymous(self) -> bool:
        return "identity" in self.fields and self.data.get("identity") == Identity.ANONYMOUS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identity") == Identity.ANONYMOUS and not data.get("age_band"):
            self.add_error("age_band", _("For an anonymous request, give at least the age band."))
        if data.get("open_followup") and not data.get("workers"):
            self.add_error("workers", _("A follow-up needs at least one worker."))
        return data
