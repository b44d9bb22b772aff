"""Forms of the public calendar: its filters, and the registration a parent fills in.

The registration is one form for the parent and a formset of children (prefix `child`, so
a field is named `child-<index>-<field>` like the service's error keys). Without
JavaScript three child blocks are shown; empty optional blocks are ignored.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from maillage.activities.calendar import money
from maillage.activities.models import ActivityKind, PriceTier
from maillage.core.forms import HoneypotForm
from maillage.core.models import Commune
from maillage.people.models import Gender

CHILD_PREFIX = "child"
MAX_CHILDREN = 5
SHOWN_CHILDREN = 3
CHILD_FIELDS = ("first_name", "last_name", "birth_date", "gender", "price_tier", "health_notes")
PARENT_FIELDS = (
    "guardian_name",
    "guardian_email",
    "guardian_phone",
    "emergency_contact",
    "parental_authorisation",
    "photo_consent",
    "submission",
)
OLDEST_BIRTH_DATE = date(1900, 1, 1)


class CalendarFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("All communes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices]
    )
    age = forms.IntegerField(
        label=_("Age of the child"),
        required=False,
        min_value=0,
        max_value=99,
        help_text=_("Activities open to a child of this age."),
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


class ParentForm(HoneypotForm):
    guardian_name = forms.CharField(
        label=_("Your first name and last name"), max_length=200, help_text=_("Parent or guardian.")
    )
    guardian_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The confirmation, with the sessions for your calendar, is sent there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    guardian_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=40,
        help_text=_("To reach you during the activity."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    emergency_contact = forms.CharField(
        label=_("Emergency contact (optional)"),
        required=False,
        max_length=300,
        help_text=_("Name and phone number of another person to call if we cannot reach you."),
    )
    parental_authorisation = forms.BooleanField(
        label=_(
            "As parent or guardian, I authorise the children above to take part in this activity."
        ),
        error_messages={
            "required": _("The registration needs the authorisation of a parent or guardian.")
        },
    )
    photo_consent = forms.BooleanField(
        label=_(
            "I agree that photos of the children taken during the activity may be used by the "
            "organisation (optional)."
        ),
        required=False,
    )
    # Made when the form is shown: the same form sent twice registers once.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_submission(self) -> uuid.UUID:
        # Only a client that drops the field sends none: it gets a new one, and nothing
        # was saved under a missing identifier before.
        try:
            return uuid.UUID(self.cleaned_data["submission"])
        except ValueError:
            return uuid.uuid4()

    def guardian(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in PARENT_FIELDS if name != "submission"}


def tier_label(tier: PriceTier) -> str:
    label = f"{tier.label} — {money(tier.amount)}"
    return f"{label} ({tier.description})" if tier.description else label


class ChildForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Birth date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        required=False,
        choices=[("", _("Not stated")), *Gender.choices],
    )
    price_tier = forms.ChoiceField(label=_("Price"), widget=forms.RadioSelect)
    health_notes = forms.CharField(
        label=_("Health: allergies, medication, what the team should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted; only the team of the activity reads it."),
    )

    def __init__(self, *args: Any, tiers: Sequence[PriceTier] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tiers = {str(tier.pk): tier for tier in tiers}
        if tiers:
            self.fields["price_tier"].choices = [  # type: ignore[attr-defined]
                (key, tier_label(tier)) for key, tier in self.tiers.items()
            ]
        else:
            del self.fields["price_tier"]  # a free activity: nothing to choose

    def clean_price_tier(self) -> PriceTier:
        return self.tiers[self.cleaned_data["price_tier"]]

    def clean_birth_date(self) -> date:
        value: date = self.cleaned_data["birth_date"]
        if value < OLDEST_BIRTH_DATE:
            raise forms.ValidationError(_("Please check the birth date."))
        return value

    def child(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) for name in CHILD_FIELDS if name in self.fields}


class BaseChildFormSet(forms.BaseFormSet[ChildForm]):
    """Children of one form. `prefill` shows the blocks again, unbound, after "add a child"
    (bound forms would show errors for what the parent has not typed yet)."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _("Register at least one child."),
        "too_many_forms": _("Register at most %(num)d children in one form."),
    }

    def __init__(
        self,
        *args: Any,
        tiers: Sequence[PriceTier] = (),
        prefill: Sequence[dict[str, Any]] = (),
        **kwargs: Any,
    ) -> None:
        self.prefill = list(prefill)[:MAX_CHILDREN]
        kwargs.setdefault("prefix", CHILD_PREFIX)
        kwargs["form_kwargs"] = {"tiers": tiers}
        super().__init__(*args, **kwargs)

    def initial_form_count(self) -> int:
        # Every block is a new child: none is an "initial" form that could not be left empty.
        return 0

    def total_form_count(self) -> int:
        if not self.is_bound and self.prefill:
            return len(self.prefill)
        return int(super().total_form_count())

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = dict(super().get_form_kwargs(index))
        if index is not None and index < len(self.prefill):
            kwargs["initial"] = self.prefill[index]
        return kwargs

    def filled(self) -> list[ChildForm]:
        """The blocks the parent filled in, in order: the service's child `index` is the
        position in this list."""
        return [form for form in self.forms if form.has_changed() and form.is_valid()]


ChildFormSet = cast(
    type[BaseChildFormSet],
    forms.formset_factory(
        ChildForm,
        formset=BaseChildFormSet,
        extra=SHOWN_CHILDREN - 1,
        min_num=1,
        validate_min=True,
        max_num=MAX_CHILDREN,
        validate_max=True,
        absolute_max=MAX_CHILDREN,
    ),
)


def prefill_from(data: QueryDict) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the parent typed, to show the form again with one more child block."""
    parent: dict[str, Any] = {name: data.get(name, "") for name in PARENT_FIELDS}
    parent["parental_authorisation"] = bool(data.get("parental_authorisation"))
    parent["photo_consent"] = bool(data.get("photo_consent"))
    try:
        total = int(data.get(f"{CHILD_PREFIX}-TOTAL_FORMS", SHOWN_CHILDREN))
    except ValueError:
        total = SHOWN_CHILDREN
    total = max(1, min(total, MAX_CHILDREN))
    children = [
        {name: data.get(f"{CHILD_PREFIX}-{index}-{name}", "") for name in CHILD_FIELDS}
        for index in range(total)
    ]
    if len(children) < MAX_CHILDREN:
        children.append({})
    return parent, children
