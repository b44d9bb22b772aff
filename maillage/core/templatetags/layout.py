"""The main navigation of the base layout, written once per role set and section.

The menu was eleven `{% url %}`, eleven `{% translate %}` and as many conditions on every
page, about a third of the base layout's cost (issue 18). What it shows depends only on the
language, the permissions held and the section the page belongs to, so each combination is
built once per process and kept.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_lazy

from maillage.core.roles import Perm

register = template.Library()


class Item(NamedTuple):
    url_name: str
    label: Promise
    perm: Perm | None
    apps: frozenset[str] = frozenset()  # current when the page's namespace is one of these
    pages: frozenset[str] = frozenset()  # current when the page's own name is one of these


ITEMS = (
    Item("core:home", gettext_lazy("Home"), None, pages=frozenset({"home"})),
    Item("casework:caseload", gettext_lazy("Individual"), None, frozenset({"casework", "people"})),
    Item("activities:activity_list", gettext_lazy("Collective"), None, frozenset({"activities"})),
    Item("community:index", gettext_lazy("Community"), None, frozenset({"community"})),
    Item(
        "network:index",
        gettext_lazy("Network"),
        None,
        frozenset({"network", "directory", "concertation"}),
    ),
    Item("schooling:index", gettext_lazy("Schooling"), None, frozenset({"schooling"})),
    Item("programmes:index", gettext_lazy("Programmes"), None, frozenset({"programmes"})),
    Item(
        "website:team_news",
        gettext_lazy("Public site"),
        Perm.MANAGE_NETWORK,
        frozenset({"website", "newsletter"}),
    ),
    Item("core:team", gettext_lazy("Team"), Perm.VIEW_TEAM, pages=frozenset({"team"})),
    Item("core:audit", gettext_lazy("Audit log"), Perm.VIEW_AUDIT, pages=frozenset({"audit"})),
    Item(
        "privacy:index",
        gettext_lazy("Personal data"),
        Perm.HANDLE_DATA_REQUESTS,
        frozenset({"privacy"}),
    ),
)


@lru_cache(maxsize=512)
def _nav(
    language: str | None, prefix: str, perms: frozenset[Perm], app: str, page: str
) -> SafeString:
    shown = [item for item in ITEMS if item.perm is None or item.perm in perms]
    links = format_html_join(
        "\n",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (
                reverse(item.url_name),
                SafeString(' aria-current="page"')
                if app in item.apps or page in item.pages
                else "",
                item.label,
            )
            for item in shown
        ),
    )
    return format_html(
        '<nav aria-label="{}">\n<ul>\n{}\n</ul>\n</nav>', gettext("Main navigation"), links
    )


@register.simple_tag(takes_context=True)
def main_nav(context: Any) -> SafeString:
    """The menu for the organisation the user acts for, the page's section marked current."""
    request = context["request"]
    org = context.get("org")
    match = getattr(request, "resolver_match", None)
    return _nav(
        get_language(),
        get_script_prefix(),
        frozenset(org.perms) if org is not None else frozenset(),
        (match.app_name or "") if match else "",
        (match.url_name or "") if match else "",
    )
