"""The form renderer (settings.FORM_RENDERER): Django's, with the `<select>` written in Python
and help texts escaped.

Django renders every `<option>` through two template includes, about 0.1 ms each: a list of
the sector's 350 organisations cost a follow-up page 40 ms per select (issue 8, P1). Here the
select template is replaced by the same markup built in Python, escaped the same way;
every other widget keeps its template.
"""

from __future__ import annotations

from typing import Any

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


class FormRenderer(DjangoTemplates):
    # Help texts escaped like any other text (Django's own template writes them unescaped).
    field_template_name = "core/forms/field.html"

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        if template_name == SELECT_TEMPLATE and _plain_options(context["widget"]):
            return render_select(context["widget"])
        return super().render(template_name, context, request)
