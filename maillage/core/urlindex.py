"""A URL resolver that tries only the routes a path can match.

Every area's URLs are included at the root (`path("", include(...))`), so Django resolved a
path by trying the routes of one area after the other: some three hundred regular
expressions for a page of the last areas, about 1.5 ms of every request (issue 18). Almost
every route starts with a literal first segment (`mes-suivis/`, `activites/`…), so the
routes are indexed by it once; a path is then resolved by an ordinary Django resolver that
holds, in their original order, only the routes of its first segment and those that do not
start with a literal. The first route that matches is the same one as before: a route left
out could not have matched.

Reversing, namespaces and the list of routes (`url_patterns`) are the plain resolver's.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from django.urls.resolvers import ResolverMatch, RoutePattern

WILDCARD = None  # the key of routes that any first segment may match


def _first_segment(entry: URLPattern | URLResolver) -> str | None:
    """The literal first segment every path this route matches starts with, or WILDCARD."""
    pattern = entry.pattern
    if not isinstance(pattern, RoutePattern):
        return WILDCARD  # a regular expression: may match anything
    route = str(pattern)
    head, slash, _rest = route.partition("/")
    if "<" in head:
        return WILDCARD
    if slash:
        return head  # "mes-suivis/…" only matches paths whose first segment is "mes-suivis"
    if isinstance(entry, URLPattern):
        return route  # a whole literal path ("robots.txt", "" for the root page)
    return WILDCARD  # an include at a bare prefix ("" or "o") may continue the segment


def _filtered(entry: URLPattern | URLResolver, segment: str) -> URLPattern | URLResolver | None:
    """`entry` reduced to the routes that a path starting with `segment` may match."""
    key = _first_segment(entry)
    if isinstance(entry, URLPattern):
        return entry if key in (WILDCARD, segment) else None
    if key is not WILDCARD and key != segment:
        return None
    if key is not WILDCARD or str(entry.pattern) != "":
        return entry  # an include under its own prefix: keep it whole
    inner = [kept for child in entry.url_patterns if (kept := _filtered(child, segment))]
    if not inner:
        return None
    return URLResolver(
        entry.pattern,
        inner,
        entry.default_kwargs,
        app_name=entry.app_name,
        namespace=entry.namespace,
    )


class IndexedResolver(URLResolver):
    """The routes of `url_patterns` (includes at the root), resolved through the index."""

    def __init__(self, url_patterns: list[URLPattern | URLResolver]) -> None:
        super().__init__(RoutePattern(""), url_patterns)
        self._by_segment: dict[str | None, URLResolver] = {}

    def _resolver_for(self, segment: str | None) -> URLResolver:
        found = self._by_segment.get(segment)
        if found is None:
            kept = [
                entry
                for child in self.url_patterns
                if (entry := _filtered(child, segment if segment is not None else "\0"))
            ]
            found = URLResolver(RoutePattern(""), kept)
            self._by_segment[segment] = found
        return found

    def resolve(self, path: Any) -> ResolverMatch:
        segment = str(path).partition("/")[0]
        if segment not in self._known_segments:
            segment_key: str | None = None  # unknown: only the routes without a literal start
        else:
            segment_key = segment
        return self._resolver_for(segment_key).resolve(path)

    @property
    def _known_segments(self) -> frozenset[str]:
        known = self.__dict__.get("_known")
        if known is None:
            known = frozenset(_literal_segments(self.url_patterns))
            self.__dict__["_known"] = known
        return known


def _literal_segments(entries: list[Any]) -> set[str]:
    """Every literal first segment of the routes, through includes at the root."""
    found: set[str] = set()
    for entry in entries:
        key = _first_segment(entry)
        if key is not WILDCARD:
            found.add(key)
        elif isinstance(entry, URLResolver) and str(entry.pattern) == "":
            found |= _literal_segments(entry.url_patterns)
    return found
