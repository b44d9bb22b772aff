from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system that will use it, e.g. “School software of the Athénée”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Permissions"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one permission from the list.")},
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Optional. After this day the token no longer works."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
