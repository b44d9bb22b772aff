"""The authorisation matrix as a whole, generated from the URL configuration.

Every route that `get_resolver()` knows (namespaces, allauth and the admin included) must have
an expected result: Maillage's pages in the per-app matrices (tests/<app>/test_authorisation*),
the account pages of allauth and the admin here. On top of the app matrices, which try each
page with the personas of its app on real objects, this module sweeps every Maillage route with
every role that core.roles defines, a user without organisation and an anonymous visitor, on
objects that do not exist: a role lacking the route's declared permission gets a 403 before
anything is looked up, one holding it gets a 404 for a missing object (never a 200 or a 403).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.core.roles import ROLE_PERMISSIONS, Role
from tests.authorisation import (
    ANON,
    LOGIN,
    MISSING_ID,
    MISSING_UUID,
    all_matrix_names,
    check_cell,
    matrix_modules,
    walk_urlconf,
)

ACCOUNT_PERSONAS = ["member", "outsider", ANON]
SIGNED_IN = {"member": 200, "outsider": 200}
# allauth's own pages. Public ones answer anyone (sign-in, password reset by e-mail); the
# pages about an account send anonymous visitors to sign in. Sign-up is closed (see
# maillage/core/auth.py): the page says so.
ACCOUNT_MATRIX: list[tuple[Any, ...]] = [
    ("account_login", None, "get", {"member": 302, "outsider": 302, ANON: 200}),
    ("account_logout", None, "get", {"member": 200, "outsider": 200, ANON: 302}),
    ("account_inactive", None, "get", {**SIGNED_IN, ANON: 200}),
    ("account_signup", None, "get", {"member": 302, "outsider": 302, ANON: 200}),
    ("account_reauthenticate", None, "get", SIGNED_IN),
    ("account_email", None, "get", SIGNED_IN),
    ("account_email_verification_sent", None, "get", {**SIGNED_IN, ANON: 200}),
    ("account_change_password", None, "get", SIGNED_IN),
    ("account_set_password", None, "get", {"member": 302, "outsider": 302}),
    ("account_reset_password", None, "get", {**SIGNED_IN, ANON: 200}),
    ("account_confirm_login_code", None, "get", {"member": 302, "outsider": 302, ANON: 302}),
    ("account_confirm_email", "email_key", "get", {**SIGNED_IN, ANON: 200}),
    ("account_reset_password_from_key_done", None, "get", {**SIGNED_IN, ANON: 200}),
    ("account_reset_password_from_key", "reset_key", "get", {**SIGNED_IN, ANON: 200}),
    ("account_reset_password_done", None, "get", {**SIGNED_IN, ANON: 200}),
    ("mfa_index", None, "get", SIGNED_IN),
    ("mfa_authenticate", None, "get", {"member": 302, "outsider": 302, ANON: 302}),
    ("mfa_reauthenticate", None, "get", {"member": 302, "outsider": 302}),
    # Changing a second factor asks to sign in again first (allauth's reauthentication).
    ("mfa_activate_totp", None, "get", {"member": 302, "outsider": 302}),
    ("mfa_deactivate_totp", None, "get", {"member": 404, "outsider": 404}),
    ("mfa_view_recovery_codes", None, "get", {"member": 404, "outsider": 404}),
    ("mfa_generate_recovery_codes", None, "get", {"member": 302, "outsider": 302}),
    ("mfa_download_recovery_codes", None, "get", {"member": 404, "outsider": 404}),
    ("mfa_list_webauthn", None, "get", SIGNED_IN),
    ("mfa_add_webauthn", None, "get", {"member": 302, "outsider": 302}),
    ("mfa_reauthenticate_webauthn", None, "get", {"member": 302, "outsider": 302}),
    ("mfa_remove_webauthn", "key", "get", {"member": 302, "outsider": 302}),
    ("mfa_edit_webauthn", "key", "get", {"member": 302, "outsider": 302}),
]
# Routes without a row, each with its reason.
_API_REASON = (
    "the REST API (django-ninja) answers tokens, not sessions: tests/api/test_*.py try "
    "every endpoint without a token, with each scope and with another organisation's token"
)
EXCLUDED: dict[str, str] = {
    f"api:{name}": _API_REASON
    for name in (
        "api-root",
        "openapi-json",
        "organisations",
        "organisation",
        "services",
        "service",
        "activities",
        "activity",
        "sessions",
        "registrations",
        "register",
        "registration",
        "cancel",
        "push",
        "signals",
        "create",
        "signal",
    )
}


def _admin(name: str) -> bool:
    return name.startswith("admin:")


def _maillage(view: Any) -> bool:
    return str(getattr(view, "__module__", "")).startswith("maillage.")


def test_every_route_of_the_urlconf_has_an_expected_result():
    routes = walk_urlconf()
    maillage = {name for name, _route, view in routes if _maillage(view)}
    account = {name for name, _route, view in routes if not _maillage(view) and not _admin(name)}
    assert maillage == all_matrix_names(), "a Maillage route without a row, or a stale row"
    assert account == {row[0] for row in ACCOUNT_MATRIX} | set(EXCLUDED)
    cells = sum(
        len(module.PERSONAS) * len(getattr(module, "CHECKED", module.MATRIX))
        for module in matrix_modules()
    )
    admin = sum(1 for name, _route, _view in routes if _admin(name))
    summary = (
        f"authorisation matrix: {len(routes)} routes ({len(maillage)} Maillage, "
        f"{len(account)} account, {admin} admin), {cells} app cells "
        f"(row x persona), {len(ACCOUNT_MATRIX) * len(ACCOUNT_PERSONAS)} account cells, "
        f"{len(maillage) * (len(Role) + 2)} role-sweep cells, "
        f"{admin * 2 + len(SWEEP_PERSONAS)} admin cells"
    )
    print(summary)
    assert cells > 1500


@pytest.fixture
def account_objects(member: Any) -> dict[str, Any]:
    return {
        "email_key": {"key": "cle-inconnue"},
        "reset_key": {"uidb36": "zz", "key": "cle-inconnue"},
        "key": {"pk": MISSING_ID},
    }


def test_every_account_page_answers_as_the_matrix_says(request, account_objects):
    from tests.authorisation import check_matrix

    check_matrix(request, account_objects, ACCOUNT_PERSONAS, ACCOUNT_MATRIX)


SWEEP_PERSONAS = [str(role) for role in Role] + ["no_organisation", ANON]


def _missing_url(route: str) -> str:
    """The route with every parameter pointing at nothing."""
    values = {"int": str(MISSING_ID), "uuid": MISSING_UUID, "path": str(MISSING_ID)}

    def fill(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return values.get(converter, "inconnu")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def test_every_admin_page_is_closed_to_every_persona(make_user, org_a):
    """The admin is for the platform's staff only: no organisation role opens it. Every
    role is tried on its home page; every page with an anonymous visitor and the most
    powerful role (the site's `admin_view` guards them all alike)."""
    users = {ANON: None, "no_organisation": make_user("nobody@example.org")}
    users |= {role: make_user(f"{role}@a.example", (org_a, role)) for role in Role}
    failures = []
    login = reverse("admin:login")
    for name, route, _view in walk_urlconf():
        # Its own sign-in, sign-out and translations are open to anyone, as in any Django.
        if not _admin(name) or name in ("admin:login", "admin:logout", "admin:jsi18n"):
            continue
        personas = users if name == "admin:index" else [ANON, Role.ADMINISTRATOR]
        for persona in personas:
            user = users[persona]
            client = Client()
            if user is not None:
                client.force_login(user)
            response = client.get(_missing_url(route))
            if response.status_code != 302 or not response["Location"].startswith(login):
                failures.append(f"{persona} {name}: {response.status_code}")
    assert failures == []


def _expected(perm: str, role: str, has_object: bool) -> Any:
    """What a role gets on a missing object of a route declaring `perm`."""
    if perm == "public":
        return None  # public pages: their app matrix says what they answer
    if role == ANON:
        return LOGIN
    if perm == "account":
        return None
    if role == "no_organisation":
        return 403
    if perm != "member" and perm not in ROLE_PERMISSIONS[role]:
        return 403
    return 404 if has_object else None


def test_every_role_is_refused_before_lookup_and_finds_no_missing_object(request, make_user, org_a):
    users: dict[str, Any] = {ANON: None, "no_organisation": make_user("nobody@example.org")}
    users |= {role: make_user(f"{role}@a.example", (org_a, role)) for role in Role}
    failures = []
    methods = _methods()
    for name, route, view in walk_urlconf():
        if not _maillage(view):
            continue
        has_object = "<" in route
        for method in methods[name]:
            for persona, user in users.items():
                expected = _expected(view.maillage_perm, persona, has_object)
                if expected is None:
                    continue
                row = (name, "missing", method, {persona: expected})
                kwargs = _kwargs_of(route)
                # Already missing: no twin to compare with.
                known = {"missing": set(users)}
                failures += check_cell(request, {"missing": kwargs}, persona, user, row, known)
    assert not failures, f"{len(failures)} failing cells:\n" + "\n".join(failures)


def _methods() -> dict[str, list[str]]:
    """Per route, the method its app matrix uses (GET when it has one): a POST-only route
    answers 405 to a GET before anything else."""
    methods: dict[str, set[str]] = {}
    for module in matrix_modules():
        for name, _key, method, expected in module.MATRIX:
            if set(expected.values()) != {405}:
                methods.setdefault(name, set()).add(method)
    return {name: ["get"] if "get" in found else sorted(found) for name, found in methods.items()}


def _kwargs_of(route: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for converter, key in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[key] = {"int": MISSING_ID, "uuid": MISSING_UUID}.get(converter, "inconnu")
    return kwargs
