from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.casework.models import RetentionPolicy


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name of the person"), min_length=2, max_length=200)


class RetentionPolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RetentionPolicy
        fields = ["request_months", "followup_years", "schooling_years"]
        help_texts = {
            "schooling_years": _(
                "Enrolments, absences, signals, school or work statuses and ESF+ records of "
                "a young person, counted from the end of the school year of the latest one."
            )
        }

    # A century at most: a longer delay is a typing error, and one reaching before year 1
    # stopped the nightly run.
    def clean_request_months(self) -> int:
        value: int = self.cleaned_data["request_months"]
        if value < 1:
            raise forms.ValidationError(_("Keep requests at least one month."))
        if value > 1200:
            raise forms.ValidationError(_("Keep requests at most 1200 months (100 years)."))
        return value

    def clean_followup_years(self) -> int:
        value: int = self.cleaned_data["followup_years"]
        if value < 1:
            raise forms.ValidationError(_("Keep follow-ups at least one year after closure."))
        if value > 100:
            raise forms.ValidationError(_("Keep follow-ups at most 100 years after closure."))
        return value

    def clean_schooling_years(self) -> int:
        value: int = self.cleaned_data["schooling_years"]
        if value < 1:
            raise forms.ValidationError(
                _("Keep schooling records at least one year after their school year.")
            )
        if value > 100:
            raise forms.ValidationError(
                _("Keep schooling records at most 100 years after their school year.")
            )
        return value


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm: names, contacts and free texts about this person will be erased."),
    )


class ContactSearchForm(forms.Form):
    # The service checks the address (contacts.contact_email), with its French messages.
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        help_text=_("The exact address; upper or lower case does not matter."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ContactEraseForm(forms.Form):
    email = forms.CharField(required=False, max_length=254, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_(
            "I confirm: the subscription, its send log and the applications with their CVs "
            "will be deleted for good."
        ),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
