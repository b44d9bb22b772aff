"""The permission matrix: every page, every persona. Objects of another organisation are 404."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from maillage.core.jobs import job_start
from maillage.core.models import Membership
from maillage.core.urlindex import IndexedResolver
from tests.authorisation import ANON, all_matrix_names, check_matrix

PERSONAS = ["owner", "member", "dpo", "outsider", ANON]


def _maillage_patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if isinstance(entry, IndexedResolver):  # the areas, under the root
                found += _maillage_patterns(entry, prefix)
            elif module.startswith("maillage."):
                found += _maillage_patterns(entry, f"{entry.namespace or ''}:")
        elif isinstance(entry, URLPattern):
            found.append((f"{prefix}{entry.name}", entry.callback))
    return found


def test_every_maillage_page_declares_a_permission():
    undeclared = [
        name
        for name, view in _maillage_patterns(get_resolver())
        if not getattr(view, "maillage_perm", None)
    ]
    assert undeclared == []


def test_every_maillage_page_is_in_a_matrix():
    names = {name for name, _view in _maillage_patterns(get_resolver())}
    assert len(names) > 200  # the walk reaches the areas
    assert names == all_matrix_names()


# (url name, how to build its kwargs, method, expected status per persona)
MATRIX = [
    ("core:home", None, "get", {"owner": 200, "member": 200, "dpo": 200, "outsider": 200}),
    (
        "core:organisation_switch",
        None,
        "post",
        {"owner": 302, "member": 302, "dpo": 302, "outsider": 302},
    ),
    (
        "core:organisation_edit",
        None,
        "get",
        {"owner": 200, "member": 403, "dpo": 403, "outsider": 200},
    ),
    ("core:account", None, "get", {"owner": 200, "member": 200, "dpo": 200, "outsider": 200}),
    ("core:team", None, "get", {"owner": 200, "member": 200, "dpo": 200, "outsider": 200}),
    ("core:member_invite", None, "get", {"owner": 200, "member": 403, "dpo": 403, "outsider": 200}),
    (
        "core:member_edit",
        "membership",
        "get",
        {"owner": 200, "member": 403, "dpo": 403, "outsider": 404},
    ),
    (
        "core:member_end",
        "membership",
        "post",
        {"owner": 302, "member": 403, "dpo": 403, "outsider": 404},
    ),
    ("core:audit", None, "get", {"owner": 403, "member": 403, "dpo": 200, "outsider": 403}),
    ("core:audit_export", None, "post", {"owner": 403, "member": 403, "dpo": 302, "outsider": 403}),
    ("core:job", "job", "get", {"owner": 404, "member": 404, "dpo": 200, "outsider": 404}),
    ("core:job_download", "job", "get", {"owner": 404, "member": 404, "dpo": 404, "outsider": 404}),
]


@pytest.fixture
def objects(request, org_a, owner, member, dpo, outsider):
    """One object of organisation A for each kind of detail page."""
    job = job_start(owner=dpo, organisation=org_a, kind="core.audit_export", label="x", params={})
    return {
        "membership": {"pk": Membership.objects.get(user=member).pk},
        "job": {"pk": job.pk},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
