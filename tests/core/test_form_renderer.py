"""The Python-written <select> gives, byte for byte, what Django's templates give."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from maillage.core.renderers import FormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "—"), ("a", "Ateliers & <jeux>"), ("b", "Écoute « jeunes »")]
    )
    grouped = forms.ChoiceField(
        choices=[("Bruxelles", [("1", "Anderlecht"), ("2", "Ixelles")]), ("x", "Autre")],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[(1, "Un"), (2, "Deux"), (3, 'Trois "3"')])
    numbers = forms.TypedChoiceField(choices=[(1, "Un"), (2, "Deux")], coerce=int)


def rendered(renderer: object, data: dict[str, object] | None) -> list[str]:
    form = Choices(data, renderer=renderer, initial={"plain": "b", "many": [1, 3]})
    form.fields["plain"].widget.attrs.update({"autofocus": True, "hidden": False, "x": '"<>'})
    return [str(form[name]) for name in form.fields]


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "a", "grouped": "2", "many": ["2", "3"], "numbers": "2"}, {"plain": "<"}],
)
def test_select_markup_is_the_same_as_djangos(data: dict[str, object] | None) -> None:
    assert rendered(FormRenderer(), data) == rendered(DjangoTemplates(), data)


class OtherOption(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


def test_a_widget_with_its_own_option_template_keeps_it() -> None:
    field = forms.ChoiceField(choices=[("a", "A")], widget=OtherOption)
    html = field.widget.render("f", "a", renderer=FormRenderer())
    assert "<option" not in html
    assert html == field.widget.render("f", "a", renderer=DjangoTemplates())


def test_the_project_uses_it(settings: object) -> None:
    form = Choices()
    assert isinstance(form.renderer, FormRenderer)


class Reference(DjangoTemplates):
    """Django's own renderer with the project's field template: what ours must equal."""

    field_template_name = "core/forms/field.html"


class EveryWidget(forms.Form):
    name = forms.CharField(max_length=20, help_text="Le nom <year> & « prénom »")
    email = forms.EmailField(required=False, label='Adresse "e-mail" <b>')
    age = forms.IntegerField(min_value=0, required=False)
    born = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(required=False, label="")
    kind = forms.ChoiceField(
        widget=forms.RadioSelect, choices=[("a", "Un & deux"), ("b", "Trois")], required=False
    )
    document = forms.FileField(required=False)
    colour = forms.CharField(widget=forms.TextInput(attrs={"type": "color"}), required=False)


AWKWARD = {
    "name": 'Élodie "<script>" & Cie',
    "email": "pas-une-adresse",
    "age": "-3",
    "born": "31/02/2020",
    "notes": "Ligne 1\n<b>Ligne 2</b> & fin",
    "agree": "on",
    "kind": "z",
    "token": "<>",
}


@pytest.mark.parametrize("data", [None, {}, AWKWARD, {**AWKWARD, "name": "ok", "kind": "a"}])
def test_fields_labels_errors_and_widgets_are_the_same_as_djangos(data):
    """Issue 18: every field, label, error list and common widget is written in Python."""
    initial = {"name": "Ana & <Bo>", "born": date(2010, 5, 4), "agree": True, "notes": ""}

    def render(renderer: object) -> list[str]:
        form = EveryWidget(data, initial=initial, renderer=renderer, auto_id="id_%s")
        form.fields["name"].widget.attrs.update({"autofocus": True, "x": '"<>', "off": False})
        return [form.as_div(), *(str(form[name]) for name in form.fields), str(form.errors)]

    ours, django = render(FormRenderer()), render(Reference())
    assert ours == django
    assert "<input" in ours[0] and "<textarea" in ours[0] and "<fieldset" in ours[0]


def test_a_form_without_ids_renders_bare_labels_as_django_does():
    form = EveryWidget({"name": ""}, auto_id=False, renderer=FormRenderer())
    reference = EveryWidget({"name": ""}, auto_id=False, renderer=Reference())
    assert form.as_div() == reference.as_div()
    assert form.as_p() == reference.as_p()


def test_the_python_markup_spares_the_template_engine():
    """Most of a form's markup no longer goes through a template (counted, not timed)."""
    from django.template import base

    renders = {"n": 0}
    original = base.Template.render

    def counting(self: base.Template, context: object) -> str:
        renders["n"] += 1
        return original(self, context)

    base.Template.render = counting  # type: ignore[method-assign]
    try:
        EveryWidget(AWKWARD, renderer=FormRenderer()).as_div()
        ours = renders["n"]
        renders["n"] = 0
        EveryWidget(AWKWARD, renderer=Reference()).as_div()
        django = renders["n"]
    finally:
        base.Template.render = original  # type: ignore[method-assign]
    assert ours * 4 < django, (ours, django)
