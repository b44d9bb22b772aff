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


class Reference(DjangoTemplates):
    """Every piece through its template, with the project's field template."""

    field_template_name = "core/forms/field.html"


class EveryKind(forms.Form):
    name = forms.CharField(
        label="Nom & prénom", help_text="Comme sur la carte <année>", initial='Ana "Jo" <b>'
    )
    age = forms.IntegerField(min_value=0, max_value=120, required=False)
    email = forms.EmailField(label="E-mail ?", required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    hour = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    agree = forms.BooleanField(label="J’accepte", required=False, initial=True)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False, initial="x<y")
    where = forms.ChoiceField(
        choices=[("a", "Ici"), ("b", "Là <bas>")], widget=forms.RadioSelect, required=False
    )
    days = forms.MultipleChoiceField(
        choices=[(0, "Lundi"), (1, "Mardi")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Un ou plusieurs",
        required=False,
    )
    q = forms.CharField(
        label="",
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}),
        required=False,
    )
    site = forms.URLField(required=False, disabled=True, initial="https://a.example/?a=1&b=2")
    count = forms.IntegerField(widget=forms.NumberInput(attrs={"inputmode": "numeric", "x": False}))
    quiet = forms.CharField(required=False, label_suffix=" :")


def groups(renderer: object, data: dict[str, object] | None) -> list[str]:
    form = EveryKind(data, renderer=renderer, prefix="p")
    return [bound.as_field_group() for bound in form] + [
        str(form["name"].label_tag()),
        str(form["where"].legend_tag()),
        str(form["notes"]),
    ]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"p-name": "", "p-age": "-3", "p-email": "pas un e-mail", "p-notes": "<b>gras</b>\n2"},
        {"p-name": "Zoé", "p-count": "4", "p-days": ["1"], "p-where": "b", "p-agree": "on"},
    ],
)
def test_field_groups_labels_inputs_and_textareas_are_the_same_as_the_templates(
    data: dict[str, object] | None,
) -> None:
    assert groups(FormRenderer(), data) == groups(Reference(), data)


class Recording(FormRenderer):
    def __init__(self) -> None:
        super().__init__()
        self.templates: list[str] = []

    def get_template(self, template_name: str) -> object:
        self.templates.append(template_name)
        return super().get_template(template_name)


def test_the_commonest_pieces_use_no_template() -> None:
    """A field group, its label and its input are written in Python; radio buttons and
    checkbox lists still go through their templates."""
    renderer = Recording()
    groups(renderer, None)
    assert set(renderer.templates) == {
        "django/forms/widgets/radio.html",
        "django/forms/widgets/checkbox_select.html",
    }
