from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.events import EVENTS


def _event_choices() -> list[tuple[str, Any]]:
    return [(name, f"{label} ({name})") for name, label in EVENTS.items()]


class EndpointEditForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("For your team: who receives the events and why."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=_event_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )


class EndpointForm(EndpointEditForm):
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("The https address of the receiving server, e.g. https://example.org/hooks"),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
        error_messages={"required": _("Give the address that receives the events.")},
    )
    field_order = ["url", "description", "events"]
