"""The form renderer (settings.FORM_RENDERER): Django's, with the commonest pieces of a form
written in Python, and help texts escaped.

Django renders every `<option>` through two template includes, about 0.1 ms each: a list of
the sector's 350 organisations cost a follow-up page 40 ms per select (issue 8, P1). Here the
select template is replaced by the same markup built in Python, escaped the same way.

Likewise each field of a form went through four templates (the field's group, its label, its
errors, its `<input>` and the `<input>`'s attributes), about 0.3 ms a field: a search form of
six fields cost the social-offer search a third of its time (issue 18). The field group of
`core/forms/field.html`, the label, the `<input>` of every input widget and the `<textarea>`
are written here too, character for character as their templates write them
(tests/core/test_renderers.py compares both on every kind of field). Any other template (a
widget of the project's own, radio buttons, error lists that are not empty) keeps its
template.
"""

from __future__ import annotations

from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html: True gives the bare name, False leaves it out."""
    esc = conditional_escape
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict[str, Any]) -> str:
    # Plain f-strings, not format_html: this runs for each of hundreds of options.
    attrs = _attrs(option["attrs"]) if option["attrs"] else ""
    label = conditional_escape(option["label"])
    return f'\n  <option value="{conditional_escape(option["value"])}"{attrs}>{label}</option>\n'


def render_select(widget: dict[str, Any]) -> SafeString:
    """Django's select.html, with every name, value and label escaped as its template does."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        options = "".join(_option(option) for option in group_choices)
        if group_name:
            label = conditional_escape(group_name)
            parts.append(f'\n  <optgroup label="{label}">{options}\n  </optgroup>')
        else:
            parts.append(options)
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


def _plain_options(widget: dict[str, Any]) -> bool:
    """Whether every option uses Django's own option template (a widget may choose another)."""
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


# The widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
        "file",
    )
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
LABEL_TEMPLATE = "django/forms/label.html"
FIELD_TEMPLATE = "core/forms/field.html"


def render_input(widget: dict[str, Any]) -> SafeString:
    """Django's widgets/input.html."""
    esc = conditional_escape
    value = widget["value"]
    shown = "" if value is None else f' value="{esc(value)}"'
    attrs = _attrs(widget["attrs"])
    kind, name = esc(widget["type"]), esc(widget["name"])
    return mark_safe(f'<input type="{kind}" name="{name}"{shown}{attrs}>')  # noqa: S308


def render_textarea(widget: dict[str, Any]) -> SafeString:
    """Django's widgets/textarea.html."""
    esc = conditional_escape
    value = esc(widget["value"]) if widget["value"] else ""
    attrs = _attrs(widget["attrs"])
    return mark_safe(f'<textarea name="{esc(widget["name"])}"{attrs}>\n{value}</textarea>')  # noqa: S308


def render_label(context: dict[str, Any]) -> SafeString:
    """Django's forms/label.html."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return mark_safe(label)  # noqa: S308
    tag = conditional_escape(context["tag"])
    attrs = _attrs(context["attrs"]) if context["attrs"] else ""
    return mark_safe(f"<{tag}{attrs}>{label}</{tag}>")  # noqa: S308


def render_field(field: BoundField) -> SafeString:
    """core/forms/field.html, newlines and indents included."""
    esc = conditional_escape
    if field.use_fieldset:
        described = field.aria_describedby
        aria = f' aria-describedby="{esc(described)}"' if described else ""
        legend = field.legend_tag() if field.label else ""
        head = f"\n  <fieldset{aria}>\n  {legend}\n"
    else:
        head = f"\n  {field.label_tag() if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        id_ = f' id="{esc(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{id_}>{esc(field.help_text)}</div>'
    errors = field.errors
    shown_errors = str(errors) if errors else ""
    close = "</fieldset>" if field.use_fieldset else ""
    # Stripped, as Django's template renderer strips what a template gives.
    return mark_safe(f"{head}\n{help_text}\n{shown_errors}\n{field}{close}".strip())  # noqa: S308


class FormRenderer(DjangoTemplates):
    # Help texts escaped like any other text (Django's own template writes them unescaped).
    field_template_name = FIELD_TEMPLATE

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        if template_name in INPUT_TEMPLATES:
            return render_input(context["widget"])
        if template_name == SELECT_TEMPLATE and _plain_options(context["widget"]):
            return render_select(context["widget"])
        if template_name == LABEL_TEMPLATE:
            return render_label(context)
        if template_name == FIELD_TEMPLATE and set(context) == {"field"}:
            return render_field(context["field"])
        if template_name == TEXTAREA_TEMPLATE:
            return render_textarea(context["widget"])
        return super().render(template_name, context, request)
