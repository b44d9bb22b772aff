"""Forms of the network's pages. They parse and label; the rules are the services', whose
French errors the views put back on these fields."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.models import Organisation, User
from maillage.network.models import Agreement, AgreementStatus, Placement, Training
from maillage.network.queries import BY_PARTNER, BY_WORKER

DOCUMENTS_HINT = _(
    "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), PNG or JPEG; 10 MB at most each."
)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class PeopleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


class PlacementForm(forms.ModelForm):  # type: ignore[type-arg]
    worker = PersonField(label=_("Worker"), queryset=User.objects.none())

    class Meta:
        model = Placement
        fields = [
            "worker",
            "host",
            "host_name",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "coordinator_name",
            "coordinator_contact",
            "note",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        # Belgian French writes 19,5: the decimal comma is accepted.
        localized_fields = ["hours_per_week"]

    def __init__(self, *args: Any, workers: Any, hosts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]
        self.fields["host"].required = False

    def _post_clean(self) -> None:
        # The service checks the rules and the database constraints; not the model form.
        pass

    def service_values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PlacementFilterForm(forms.Form):
    day = forms.DateField(label=_("On"), required=False, widget=DATE)
    all_periods = forms.BooleanField(label=_("Every period, past and future"), required=False)
    worker = PersonField(label=_("Worker"), required=False, queryset=User.objects.none())
    host = forms.ModelChoiceField(
        label=_("Partner structure"), required=False, queryset=Organisation.objects.none()
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    order = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[(BY_PARTNER, _("Partner structure")), (BY_WORKER, _("Worker"))],
    )

    def __init__(self, *args: Any, workers: Any, hosts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]


class AgreementForm(forms.ModelForm):  # type: ignore[type-arg]
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=DOCUMENTS_HINT,
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "description",
            "parties",
            "other_parties",
            "starts_on",
            "ends_on",
            "amount",
            "status",
            "notice_days",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "other_parties": forms.Textarea(attrs={"rows": 3}),
            "parties": forms.SelectMultiple(attrs={"size": 6}),
        }
        localized_fields = ["amount"]

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties  # type: ignore[attr-defined]
        self.fields["parties"].help_text = _("Hold Ctrl (or Cmd on a Mac) to choose several.")

    def _post_clean(self) -> None:
        pass

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["files"] = values.pop("documents", [])
        return values


class DocumentsForm(forms.Form):
    documents = MultipleFileField(
        label=_("Add documents"),
        help_text=DOCUMENTS_HINT,
    )


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *AgreementStatus.choices]
    )
    renewal = forms.BooleanField(label=_("Only those to renew soon"), required=False)


_DAY_LINE = re.compile(r"^\s*(\S+)\s+([0-9]+(?:[.,][0-9]+)?)\s*h?\s*$", re.IGNORECASE)


def parse_days(text: str) -> list[tuple[date, Decimal]]:
    """Lines such as `14/03/2026 6` or `2026-03-14 3,5`: a date and a number of hours."""
    days: list[tuple[date, Decimal]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _DAY_LINE.match(line)
        parsed: date | None = None
        if match:
            for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    parsed = datetime.strptime(match.group(1), pattern).date()
                    break
                except ValueError:
                    continue
        if match is None or parsed is None:
            raise forms.ValidationError(
                _("Line %(line)s: write a date and a number of hours, for example 14/03/2026 6."),
                params={"line": number},
            )
        try:
            hours = Decimal(match.group(2).replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            raise forms.ValidationError(
                _("Line %(line)s: the hours are not a number."), params={"line": number}
            ) from None
        days.append((parsed, hours))
    return days


def format_days(training: Training) -> str:
    return "\n".join(
        f"{day.date:%d/%m/%Y} {str(day.hours).replace('.', ',').removesuffix(',0')}"
        for day in training.days.all()
    )


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    trainer = forms.CharField(label=_("Trainer"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    days = forms.CharField(
        label=_("Days and hours"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per day: the date and the hours, for example 14/03/2026 6."),
    )
    participants = PeopleField(
        label=_("Participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = workers  # type: ignore[attr-defined]

    def clean_days(self) -> list[tuple[date, Decimal]]:
        return parse_days(self.cleaned_data["days"])

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["participants"] = list(values["participants"])
        return values


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
