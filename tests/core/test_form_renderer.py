"""The Python-written <select> gives, byte for byte, what Django's templates give."""

from __future__ import annotations

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
