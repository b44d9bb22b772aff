"""What every public page tells search engines and social networks: its canonical address and
its Open Graph tags, with defaults drawn from the page itself.

`rendered_block` renders a block of the page a second time (its title in `og:title`, its
description in `og:description`), so a page that sets its <title> gets a matching og:title
without saying it twice. `absolute_url` builds addresses with `core.links.absolute_url`, on
MAILLAGE_BASE_URL, never on the Host header, which anyone can type.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.safestring import SafeString, mark_safe

from maillage.core.links import absolute_url as absolute
from maillage.core.validation import parse_id

register = template.Library()


@register.simple_tag(takes_context=True)
def rendered_block(context: template.Context, name: str) -> SafeString:
    """The page's block `name` as rendered (already escaped), or "" if the page has none."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = block_context.get_block(name) if block_context is not None else None
    if node is None:
        return mark_safe("")
    with context.push(block=node):
        # Whitespace and line breaks of the template are not part of a title.
        rendered = node.nodelist.render(context)
    # Already escaped by the template engine: only its whitespace is folded here.
    return mark_safe(" ".join(rendered.split()))  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str = "") -> str:
    """`path`, or the current page (with its page number, if any), as an absolute address."""
    if path:
        return absolute(path)
    request: Any = context.get("request")
    if request is None:
        return absolute("/")
    page = parse_id(request.GET.get("page"))
    query = f"?page={page}" if page is not None and page != 1 else ""
    return absolute(f"{request.path}{query}")
