from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from maillage.core.audit_models import AuditKind
from maillage.core.models import Organisation, Region
from maillage.core.roles import Role
from maillage.core.services import ORGANISATION_FIELDS


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data to bind a form to, even when empty (`request.POST or None` would leave
    an empty submission unbound, and its errors unshown)."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields, or above the form for the others."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def focus_first(form: forms.Form) -> forms.Form:
    """Mark the field the keyboard should land on when the form is shown alone (a fragment
    loaded into its page, or its own page): the first with an error, else the first one.
    htmx focuses `autofocus` in what it swaps in; a browser does on a page it loads.
    A group of radio buttons or checkboxes is passed over: each of its inputs would carry the
    attribute."""
    visible = [name for name, field in form.fields.items() if not field.widget.is_hidden]
    wrong = [name for name in form.errors if name in visible] if form.is_bound else []
    for name in wrong or visible:
        widget = form.fields[name].widget
        if getattr(widget, "input_type", "") not in ("radio", "checkbox"):
            widget.attrs["autofocus"] = True
            break
    return form


class HoneypotInput(forms.TextInput):
    """Never shows back what was typed: a person whose browser filled it sends again."""

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        return super().get_context(name, None, attrs)


class HoneypotForm(forms.Form):
    """A form anyone may post without an account: robots fill the `website` field that the
    page hides from people (render it inside an `aria-hidden` wrapper of class `trap`), and
    the form then refuses without saying why."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=HoneypotInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            self.add_error(
                None,
                _("Your registration could not be sent. Please check the form and send it again."),
            )
        return data


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    # Communes are data: an organisation outside Brussels adds its own.
    new_commune = forms.CharField(
        label=_("Other commune"),
        required=False,
        max_length=100,
        help_text=_("If your commune is not in the list, type its name here."),
    )
    new_commune_region = forms.ChoiceField(
        label=_("Region of that commune"),
        required=False,
        choices=[("", "—"), *Region.choices],
    )

    class Meta:
        model = Organisation
        # What the service may change, written once (a new field is added in one place).
        fields = list(ORGANISATION_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new_name = (data.get("new_commune") or "").strip()
        if new_name:
            if not data.get("new_commune_region"):
                self.add_error("new_commune_region", _("Choose the region of the new commune."))
        elif not data.get("commune"):
            self.add_error("commune", _("Choose a commune, or type the name of another one."))
        return data

    def _post_clean(self) -> None:
        # The commune may not exist yet: the service creates it, then validates the rest.
        self._meta.exclude = ("commune",)
        super()._post_clean()


class AuditSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Person or object"),
        required=False,
        help_text=_("Part of an e-mail address, a name or an identifier."),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        help_text=_("The start of a code, for example core.auth or core.membership."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *AuditKind.choices]
    )
    ip = forms.GenericIPAddressField(label=_("IP address"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def as_params(self) -> dict[str, Any]:
        """The cleaned filters as JSON-safe values, to hand to a background export."""
        return {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in self.cleaned_data.items()
            if value not in (None, "")
        }
