"""Forms of the team's pages of the collective axis. They parse and label; the rules (dates
in the school holidays, capacity, ages, prices) are the services', whose French errors the
views put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.dates import WEEKDAYS as DAY_NAMES
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from maillage.activities.models import (
    Activity,
    ActivityKind,
    PaymentStatus,
    PriceTier,
    Registration,
    Session,
)
from maillage.activities.queries import (
    eligible_staff,
    findable_persons,
    partner_choices,
    price_choices,
)
from maillage.activities.services import ACTIVITY_FIELDS
from maillage.core.models import Organisation, User
from maillage.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

# Several forms share the activity's page: prefixes keep their field names and ids apart.
SESSION, GENERATE, PRICE = "session", "generate", "price"


def model_label(model: type[models.Model], name: str) -> Any:
    """The model field's own label (translated once, in the model)."""
    return capfirst(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


# Monday is 0, as `date.weekday()` counts; the names come translated with Django.
WEEKDAYS = sorted(DAY_NAMES.items())


class StaffField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class PriceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} — {number_format(obj.amount, 2)} €"


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    partners = forms.ModelMultipleChoiceField(
        label=model_label(Activity, "partners"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (or Cmd on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    staff = StaffField(
        label=model_label(Activity, "staff"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They see the health notes of the registered children."),
    )

    class Meta:
        model = Activity
        fields = [*ACTIVITY_FIELDS, "partners", "staff"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "places": _("Leave empty for an activity without a limit (an open event)."),
            "school": _("For a school animation: the class is counted by headcount, no names."),
            "age_min": _("Age on the first day."),
            "sibling_reduction": _(
                "Off the price of a brother or sister registered for the same activity."
            ),
            "registration_open": _("Parents register their children on the public page."),
        }

    def __init__(self, *args: Any, organisation_id: int, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partner_choices(organisation_id)  # type: ignore[attr-defined]
        staff = eligible_staff(organisation_id)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["commune"].empty_label = "—"  # type: ignore[attr-defined]
        self.fields["sibling_reduction"].required = False
        # The rules of each kind are listed under the choice (activity_form.html).
        self.fields["kind"].widget.attrs["aria-describedby"] = "kind-hints"
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("staff", [user.pk])

    def _post_clean(self) -> None:
        # The services check the rules, in French and keyed by field; the model's
        # constraints would repeat the same mistakes in a generic English message.
        pass

    def service_values(self) -> dict[str, Any]:
        """The cleaned fields as the services take them."""
        values = {name: self.cleaned_data[name] for name in (*ACTIVITY_FIELDS, "partners", "staff")}
        values["sibling_reduction"] = values["sibling_reduction"] or 0
        return values

    def main_fields(self) -> list[forms.BoundField]:
        names = ("title", "description", "commune", "place", "starts_on", "ends_on")
        return [self[name] for name in names]

    def public_fields(self) -> list[forms.BoundField]:
        names = ("age_min", "age_max", "places", "residential", "sibling_reduction")
        return [self[name] for name in names]


class SessionForm(forms.Form):
    date = forms.DateField(label=model_label(Session, "date"), widget=DATE)
    starts_at = forms.TimeField(label=model_label(Session, "starts_at"), widget=TIME)
    ends_at = forms.TimeField(label=model_label(Session, "ends_at"), widget=TIME)
    place = forms.CharField(label=model_label(Session, "place"), required=False, max_length=200)


class GenerateForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_at = forms.TimeField(label=model_label(Session, "starts_at"), widget=TIME)
    ends_at = forms.TimeField(label=model_label(Session, "ends_at"), widget=TIME)
    skip_holidays = forms.BooleanField(
        label=_("Skip the school holidays"), required=False, initial=True, label_suffix=""
    )


class PriceForm(forms.Form):
    label = forms.CharField(label=model_label(PriceTier, "label"), max_length=100)
    amount = forms.DecimalField(
        label=model_label(PriceTier, "amount"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    description = forms.CharField(
        label=model_label(PriceTier, "description"), required=False, max_length=200
    )


class RegistrationForm(forms.Form):
    """A worker registers a known young person. The person is chosen among search results
    (radio buttons drawn by the template); the field only checks the choice is findable."""

    person = forms.ModelChoiceField(
        label=model_label(Registration, "person"),
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the young person to register."),
            "invalid_choice": _("Choose the young person to register."),
        },
    )
    price_tier = PriceField(
        label=model_label(Registration, "price_tier"),
        queryset=PriceTier.objects.none(),
        required=False,
        empty_label="—",
    )
    guardian_name = forms.CharField(
        label=model_label(Registration, "guardian_name"), required=False, max_length=200
    )
    guardian_email = forms.EmailField(
        label=model_label(Registration, "guardian_email"), required=False
    )
    guardian_phone = forms.CharField(
        label=model_label(Registration, "guardian_phone"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    emergency_contact = forms.CharField(
        label=model_label(Registration, "emergency_contact"),
        required=False,
        max_length=300,
        help_text=_("Name and phone of someone to call if the parent cannot be reached."),
    )
    health_notes = forms.CharField(
        label=model_label(Registration, "health_notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Allergies, treatment, what the staff must know. Encrypted; read only by the "
            "activity's staff and the coordinators."
        ),
    )
    parental_authorisation = forms.BooleanField(
        label=_("The parent or guardian has authorised the participation"),
        required=False,
        label_suffix="",
    )
    photo_consent = forms.BooleanField(
        label=_("The parent agrees to photos of the child being taken"),
        required=False,
        label_suffix="",
    )
    override_reason = forms.CharField(
        label=model_label(Registration, "age_override_reason"),
        required=False,
        max_length=300,
        help_text=_("Only for a child outside the age range: why they may take part anyway."),
    )

    def __init__(
        self, *args: Any, user: Any, activity: Activity, oversight: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = findable_persons(user)  # type: ignore[attr-defined]
        self.fields["price_tier"].queryset = price_choices(activity)  # type: ignore[attr-defined]
        # Only a coordinator or a director may register a child outside the age range.
        if not oversight:
            del self.fields["override_reason"]

    def details(self) -> dict[str, Any]:
        names = (
            "guardian_name",
            "guardian_email",
            "guardian_phone",
            "emergency_contact",
            "health_notes",
            "parental_authorisation",
            "photo_consent",
        )
        data = self.cleaned_data
        return {
            name: data[name].strip() if isinstance(data[name], str) else data[name]
            for name in names
        }

    def contact_fields(self) -> list[forms.BoundField]:
        names = ("guardian_name", "guardian_email", "guardian_phone", "emergency_contact")
        return [self[name] for name in names]


class PaymentForm(forms.Form):
    status = forms.ChoiceField(
        label=model_label(Registration, "payment_status"),
        choices=PaymentStatus.choices,
        widget=forms.RadioSelect,
    )
    paid_on = forms.DateField(
        label=model_label(Registration, "paid_on"),
        required=False,
        widget=DATE,
        help_text=_("Today if left empty."),
    )


class PriceChangeForm(forms.Form):
    price_tier = PriceField(
        label=model_label(Registration, "price_tier"),
        queryset=PriceTier.objects.none(),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["price_tier"].queryset = price_choices(activity)  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=200,
        help_text=_("Kept in the log; not sent to the family."),
    )


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Structured communication"),
        max_length=40,
        help_text=_("As read on the bank statement, for example +++123/4567/89002+++."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    paid_on = forms.DateField(
        label=model_label(Registration, "paid_on"),
        required=False,
        widget=DATE,
        help_text=_("Today if left empty."),
    )


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("upcoming", _("Upcoming and ongoing")),
            ("past", _("Past")),
            ("all", _("All")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *ActivityKind.choices]  # type: ignore[attr-defined]
