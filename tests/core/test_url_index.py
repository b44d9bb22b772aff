"""The indexed resolver finds, for every path, what Django's plain resolver finds."""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from maillage import urls
from tests.authorisation import walk_urlconf

SAMPLES = {
    "int": "42",
    "slug": "amo-les-passerelles",
    "str": "abc",
    "uuid": "8a1c7d0e-3b6f-4c1e-9f5a-2d7e6b4c3a10",
    "path": "a/b.pdf",
}


def _sample(route: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m[1] or "str", "abc"), route)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")


def _plain() -> URLResolver:
    """The same routes without the index: every area tried one after the other."""
    flat = [entry for entry in urls.urlpatterns if entry is not urls.areas]
    return URLResolver(RegexPattern(r"^/"), [*flat, *urls.areas.url_patterns])


def _found(resolver: URLResolver, path: str) -> tuple[object, ...] | None:
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    return (match.func, match.args, match.kwargs, match.view_name, match.route, match.namespaces)


def _paths() -> list[str]:
    routes = [route for _name, route, _view in walk_urlconf() if "(?" not in route]
    segments = {route.split("/")[0] for route in routes}
    probes = [f"/{segment}/inconnu/" for segment in segments] + [f"/{s}" for s in segments]
    return sorted({_sample(route) for route in routes} | set(probes))


def test_the_project_resolves_through_the_index():
    assert any(entry is urls.areas for entry in get_resolver().url_patterns)


@pytest.mark.parametrize("extra", ["", "x", "?"])
def test_every_route_resolves_to_the_same_view_as_without_the_index(extra):
    """Each route with sample values, and each first segment followed by nothing or by an
    unknown rest: the same view, arguments, name and route, or the same 404."""
    plain, indexed = _plain(), get_resolver()
    paths = [path + extra if extra != "?" else path.rstrip("/") for path in _paths()]
    assert len(paths) > 200
    differences = {p: (_found(indexed, p), _found(plain, p)) for p in paths}
    assert {p: d for p, d in differences.items() if d[0] != d[1]} == {}
    if not extra:
        assert sum(found is not None for found, _ in differences.values()) > 200


def test_a_path_outside_every_area_is_a_404_as_before():
    for path in ("/nulle-part/", "/%C3%A9t%C3%A9/", "/../etc/passwd", "//", "/\x00/"):
        assert _found(get_resolver(), path) is None is _found(_plain(), path)


def _view(request):  # pragma: no cover - never called
    raise AssertionError


def _other(request):  # pragma: no cover - never called
    raise AssertionError


def test_routes_without_a_literal_start_keep_their_place_in_the_order():
    from django.urls import include, path, re_path

    from maillage.core.urlindex import IndexedResolver

    inner = [
        path("a/", _other, name="a-first"),
        path("<slug:name>/", _view, name="any"),
        path("b/", _other, name="b-shadowed"),
        re_path(r"^c(?P<n>[0-9]+)$", _other, name="regex"),
        path("robots.txt", _other, name="file"),
    ]
    routes = [path("", include((inner, "t")))]
    indexed = URLResolver(RegexPattern(r"^/"), [IndexedResolver(routes)])
    plain = URLResolver(RegexPattern(r"^/"), routes)
    for probe in ("/a/", "/b/", "/zz/", "/c12", "/robots.txt", "/robots.txt/", "/"):
        assert _found(indexed, probe) == _found(plain, probe), probe
    assert indexed.resolve("/b/").url_name == "any"  # the slug route comes first
