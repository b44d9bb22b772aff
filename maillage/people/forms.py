"""Forms about persons and households. `PersonForm` is shared: casework includes it when a
request is recorded for a young person not known yet (see `people/partials/person_fields.html`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core.models import Commune
from maillage.people.models import Person, Relation
from maillage.people.queries import Candidate, duplicate_candidates
from maillage.people.services import PERSON_FIELDS, check_birth_date

IDENTITY_FIELDS = ("first_name", "last_name", "birth_date")
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,50}$")


def safe_field_name(value: str | None) -> str:
    """A form prefix or field name received from the browser, or "" if it is not one."""
    return value if value and _FIELD_NAME.match(value) else ""


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    """Identity and contacts of a young person or a relative.

    For a new person (`check_duplicates=True`, the default without an instance) the form
    looks for likely existing files: live through HTMX as names are typed, and again when
    posted, where it refuses to validate while matches exist and `confirm_new` is not ticked.
    `pick_field`: the name of a submit button offered on each match the user may open
    ("use this file"), for pages that record something about an existing person.
    """

    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address"), required=False, max_length=500, widget=forms.Textarea({"rows": 2})
    )
    confirm_new = forms.BooleanField(
        label=_("This is a different person: create a new file"),
        required=False,
        label_suffix="",
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "birth_date": _("Birth date"),
            "gender": _("Gender"),
            "commune": _("Commune"),
            "school": _("School"),
        }
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(
        self,
        *args: Any,
        user: Any,
        check_duplicates: bool | None = None,
        pick_field: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        is_new = self.instance.pk is None
        self.check_duplicates = is_new if check_duplicates is None else check_duplicates
        self.pick_field = pick_field
        self.duplicates: list[Candidate] = []
        self.duplicates_id = f"{self.prefix}-duplicates" if self.prefix else "person-duplicates"
        commune = self.fields["commune"]
        commune.queryset = Commune.objects.order_by("name")  # type: ignore[attr-defined]
        commune.empty_label = "—"  # type: ignore[attr-defined]
        self.fields["gender"].choices = [("", "—"), *Person._meta.get_field("gender").choices]  # type: ignore[attr-defined, misc]
        if not self.check_duplicates:
            del self.fields["confirm_new"]
            return
        live = {
            "data-hx-get": reverse("people:person_duplicates"),
            "data-hx-trigger": "input changed delay:300ms",
            "data-hx-target": f"#{self.duplicates_id}",
            "data-hx-include": ",".join(f"[name='{self.add_prefix(n)}']" for n in IDENTITY_FIELDS),
            "data-hx-vals": json.dumps({"prefix": self.prefix or "", "pick": pick_field}),
            "data-hx-sync": "closest fieldset:queue last",
        }
        for name in IDENTITY_FIELDS:
            self.fields[name].widget.attrs.update(live)

    @property
    def identity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in IDENTITY_FIELDS]

    @property
    def other_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in PERSON_FIELDS
            if name not in IDENTITY_FIELDS and name in self.fields
        ]

    def clean_birth_date(self) -> Any:
        value = self.cleaned_data.get("birth_date")
        try:
            check_birth_date(value)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["birth_date"]) from None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.check_duplicates and data.get("first_name") and data.get("last_name"):
            self.duplicates = duplicate_candidates(
                self.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data.get("birth_date"),
            )
            if self.duplicates and not data.get("confirm_new"):
                self.add_error(
                    "confirm_new",
                    _(
                        "This young person may already be known: check the files above. "
                        "If it is someone else, tick this box and save again."
                    ),
                )
        return data

    def person_data(self) -> dict[str, Any]:
        """The cleaned values, as `person_create` and `person_update` take them."""
        return {name: self.cleaned_data.get(name) for name in PERSON_FIELDS}


class DuplicateQueryForm(forms.Form):
    """What the live duplicate check receives from a `PersonForm` being typed."""

    first_name = forms.CharField(required=False, max_length=100)
    last_name = forms.CharField(required=False, max_length=100)
    birth_date = forms.DateField(required=False)


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class HouseholdCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the household"),
        max_length=200,
        help_text=_("Usually the family name, for example “Family Dupont”."),
    )
    relation = forms.ChoiceField(
        label=_("This person is, in the household"), choices=Relation.choices
    )


class RelationForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation in the household"), choices=Relation.choices)


class HouseholdMemberForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), widget=forms.HiddenInput
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only files the user may open can be added: the form never trusts the posted id.
        self.fields["person"].queryset = Person.objects.visible_to(user).current()  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    other = forms.TypedChoiceField(
        label=_("Likely duplicates of this file"),
        required=False,
        coerce=int,
        widget=forms.RadioSelect,
    )
    other_id = forms.IntegerField(
        label=_("Or the number of the other file"),
        required=False,
        min_value=1,
        help_text=_("Shown on each file, after “File no.”."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [  # type: ignore[attr-defined]
            (c.person.pk, _candidate_label(c)) for c in candidates
        ]
        if not candidates:
            self.fields["other"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = {v for v in (data.get("other"), data.get("other_id")) if v}
        if not chosen:
            self.add_error("other_id", _("Choose the file to merge into this one."))
        elif len(chosen) > 1:
            self.add_error("other_id", _("Choose one file only."))
        else:
            data["other_pk"] = chosen.pop()
        return data


def _candidate_label(candidate: Candidate) -> str:
    person = candidate.person
    return gettext("%(name)s · born %(born)s · %(commune)s · file no. %(pk)s") % {
        "name": person,
        "born": person.birth_date.strftime("%d/%m/%Y") if person.birth_date else "?",
        "commune": person.commune if person.commune_id else "—",
        "pk": person.pk,
    }
