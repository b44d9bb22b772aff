"""The form renderer (settings.FORM_RENDERER): Django's, with the markup of fields, labels,
errors and the common widgets written in Python, and help texts escaped.

Django renders every `<option>` through two template includes, about 0.1 ms each: a list of
the sector's 350 organisations cost a follow-up page 40 ms per select (issue 8, P1). A text
input takes three templates (text.html, input.html, attrs.html), and each field adds its
field, label and error templates: a form of ten fields was some forty template renders
(issue 18). Here those templates are replaced by the same markup built in Python, escaped
the same way, byte for byte (tests/core/test_form_renderer.py compares every one with
Django's); any other template, or a widget that names its own, is rendered as usual.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# Django's widget templates that are nothing but `{% include "…/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number",
        "password", "search", "tel", "text", "time", "url",
    )
)  # fmt: skip
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
LABEL_TEMPLATE = "django/forms/label.html"
ERROR_TEMPLATES = frozenset(
    ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")
)
FIELD_TEMPLATE = "core/forms/field.html"


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


def render_input(widget: dict[str, Any]) -> SafeString:
    """Django's input.html."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    name = conditional_escape(widget["name"])
    html = f'<input type="{conditional_escape(widget["type"])}" name="{name}"{shown}'
    return mark_safe(f"{html}{_attrs(widget['attrs'])}>")  # noqa: S308 (escaped above)


def render_textarea(widget: dict[str, Any]) -> SafeString:
    """Django's textarea.html (its line break after the tag included)."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    name = conditional_escape(widget["name"])
    html = f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    return mark_safe(html)  # noqa: S308 (escaped above)


def render_label(context: dict[str, Any]) -> SafeString:
    """Django's label.html: a <label> or <legend>, or the bare text without an id."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return mark_safe(label)  # noqa: S308 (escaped above)
    tag = context["tag"]
    return mark_safe(f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>")  # noqa: S308


def render_errors(context: dict[str, Any]) -> SafeString:
    """Django's errors/list/ul.html."""
    errors = context["errors"]
    if not errors:
        return mark_safe("")
    field_id = getattr(errors, "field_id", None)
    ident = f' id="{conditional_escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    error_class = conditional_escape(context["error_class"])
    return mark_safe(f'<ul class="{error_class}"{ident}>{items}</ul>')  # noqa: S308


def render_field(field: Any) -> SafeString:
    """core/forms/field.html, line breaks included: Django's field.html, help text escaped."""
    if field.use_fieldset:
        described = field.aria_describedby
        by = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        legend = field.legend_tag() if field.label else ""
        head = f"\n  <fieldset{by}>\n  {legend}\n"
    else:
        head = f"\n  {field.label_tag() if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        ident = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{ident}>{conditional_escape(field.help_text)}</div>'
    end = "</fieldset>" if field.use_fieldset else ""
    html = f"{head}\n{help_text}\n{field.errors}\n{field}{end}"
    return mark_safe(html.strip())  # noqa: S308 (every part is escaped or already safe)


def _plain_options(widget: dict[str, Any]) -> bool:
    """Whether every option uses Django's own option template (a widget may choose another)."""
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


class FormRenderer(DjangoTemplates):
    # Help texts escaped like any other text (Django's own template writes them unescaped).
    field_template_name = "core/forms/field.html"

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        if template_name in INPUT_TEMPLATES:
            return render_input(context["widget"])
        if template_name == SELECT_TEMPLATE and _plain_options(context["widget"]):
            return render_select(context["widget"])
        if template_name == TEXTAREA_TEMPLATE:
            return render_textarea(context["widget"])
        if template_name == LABEL_TEMPLATE:
            return render_label(context)
        if template_name in ERROR_TEMPLATES:
            return render_errors(context)
        if template_name == FIELD_TEMPLATE:
            return render_field(context["field"])
        return super().render(template_name, context, request)
