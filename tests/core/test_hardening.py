"""Hardening (issue 9): each protection checked where it acts.

Covered elsewhere, not repeated here: `maillage check --deploy` clean with production variables
(tests/core/test_settings.py), sign-in throttling and the MFA redirect of a role
(tests/core/test_login.py), downloads as attachments with a safe type and nosniff, refused to
other organisations (tests/network/test_agreement_documents.py), the French 500 page without a
trace (tests/core/test_errors.py).
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import Http404
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone

import maillage.settings as real_settings
from maillage.core.errors import PrivateFormatter
from maillage.core.permissions import public_view
from maillage.core.uploads import serve_upload, stored_path
from tests.conftest import PASSWORD
from tests.network import conftest as network
from tests.production import production_env

# The network's agreement with its stored document, for the missing-file download.
_media, today, org_c, coordinator = (
    network._media,
    network.today,
    network.org_c,
    network.coordinator,
)
agreement, document = network.agreement, network.document

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/comptes/login/"
NAME = "Zoubida Vandenbroucke"  # a person's name, looked for where it must not be


# --- Headers and cookies, with the real settings of a production set-up ------------------

PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
client = Client(HTTP_HOST="maillage.example.org")
page = client.get("/comptes/login/", secure=True)
plain = client.get("/comptes/login/")
csrf = page.cookies["csrftoken"]
print(json.dumps({
    "headers": dict(page.headers),
    "plain": [plain.status_code, plain.get("Location")],
    "csrf_cookie": {k: csrf[k] for k in ("secure", "httponly", "samesite")},
    "session_cookie": [
        s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE
    ],
    "session_age": s.SESSION_COOKIE_AGE,
    "connection": [
        s.DATABASES["default"]["CONN_MAX_AGE"], s.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    ],
    "hashers": s.PASSWORD_HASHERS,
    "login_failed": s.ACCOUNT_RATE_LIMITS["login_failed"],
    "mfa_roles": sorted(s.MAILLAGE_MFA_REQUIRED_ROLES),
    "reporter": [s.DEFAULT_EXCEPTION_REPORTER, s.DEFAULT_EXCEPTION_REPORTER_FILTER],
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """What the real settings module gives with DEBUG off and HTTPS on (the default)."""
    var = tmp_path_factory.mktemp("prod")
    env = production_env(var, MAILLAGE_SESSION_IDLE_MINUTES="7")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_responses_carry_csp_without_unsafe_inline_and_hsts(production):
    headers = production["headers"]
    csp = headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert production["plain"] == [301, "https://maillage.example.org/comptes/login/"]


def test_production_cookies_are_secure_httponly_and_samesite(production):
    assert production["session_cookie"] == [True, True, "Lax"]
    # HttpOnly is possible because HTMX takes the token from the page, not from the cookie.
    assert production["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_production_web_workers_keep_their_database_connection_checked(production):
    """Issue 18: a new PostgreSQL connection per request cost more than a page's SQL."""
    assert production["connection"] == [60, True]


def test_production_settings_throttle_sign_in_require_mfa_and_expire_idle_sessions(production):
    assert production["login_failed"]  # allauth's limit (test settings switch it off)
    assert production["session_age"] == 7 * 60  # MAILLAGE_SESSION_IDLE_MINUTES
    assert set(production["mfa_roles"]) >= {"field_worker", "coordinator", "administrator"}
    assert production["reporter"] == [
        "maillage.core.errors.PrivateExceptionReporter",
        "maillage.core.errors.PrivateExceptionReporterFilter",
    ]


def test_argon2_hashes_new_passwords(production):
    assert production["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_sign_in_rehashes_the_password_with_argon2(client, member):
    # The test users' passwords are MD5 (fast tests): it must stay verifiable to be upgraded.
    hashers = [*real_settings.PASSWORD_HASHERS, "django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    member.refresh_from_db()
    assert member.password.startswith("argon2$argon2id$")


# --- CSRF ---------------------------------------------------------------------------------

FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)


def test_every_post_form_in_the_templates_carries_the_csrf_token():
    templates = list((ROOT / "maillage").rglob("templates/**/*.html"))
    assert len(templates) > 100
    missing, posts = [], 0
    for template in templates:
        text = COMMENTS.sub("", template.read_text())
        for match in FORM.finditer(text):
            if not re.search(r"method\s*=\s*[\"']?post", match.group(0), re.IGNORECASE):
                continue
            posts += 1
            end = text.find("</form>", match.end())
            if "{% csrf_token %}" not in text[match.end() : end if end != -1 else None]:
                missing.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
    assert posts > 50
    assert missing == []


def test_htmx_requests_send_the_token_and_a_post_without_it_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    html = client.get(reverse("core:home")).content.decode()
    token = re.search(r"<body data-hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'>", html).group(1)
    assert client.post("/comptes/logout/", HTTP_HX_REQUEST="true").status_code == 403
    assert "_auth_user_id" in client.session
    answer = client.post("/comptes/logout/", HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert answer.status_code != 403
    assert "_auth_user_id" not in client.session


# --- Sessions and second factor ---------------------------------------------------------


def test_an_idle_session_signs_out_and_activity_keeps_it_alive(client, member):
    client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    assert abs(expiry - timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)) < (
        timedelta(seconds=30)
    )
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(1))
    with time_machine.travel(timedelta(seconds=61)):  # a write at most once a minute
        assert client.get(reverse("core:home")).status_code == 200
        renewed = Session.objects.get(session_key=key).expire_date
        assert renewed < timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 30)
    # Idle past the limit: the server no longer knows the session.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def _session_writes(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)


def test_an_unchanged_session_is_written_at_most_once_a_minute(client, member):
    """Issue 18: the session was written (UPDATE and COMMIT) on every request. Now its idle
    deadline moves when it changes or when a minute has passed, and no more often."""
    client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    key = client.session.session_key
    home = reverse("core:home")
    assert [_session_writes(client, home) for _ in range(3)] == [0, 0, 0]
    before = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(timedelta(seconds=61)):
        assert [_session_writes(client, home) for _ in range(3)] == [1, 0, 0]
        after = Session.objects.get(session_key=key).expire_date
        assert timedelta(seconds=55) < after - before < timedelta(seconds=75)
        assert abs(after - timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)) < (
            timedelta(seconds=30)
        )


@override_settings(MAILLAGE_MFA_REQUIRED_ROLES={"field_worker"})
def test_a_member_without_mfa_reaches_no_page_not_even_by_htmx(login, member):
    client = login(member)
    for url in (reverse("core:home"), "/espace/inconnu/"):
        assert client.get(url)["Location"] == reverse("mfa_activate_totp")
    partial = client.get(reverse("core:home"), HTTP_HX_REQUEST="true")
    assert partial.status_code == 204
    assert partial["HX-Redirect"] == reverse("mfa_activate_totp")


@override_settings(MAILLAGE_MFA_REQUIRED_ROLES={"administrator"})
def test_staff_without_mfa_cannot_open_the_admin_site(client, make_user):
    staff = make_user("root@maillage.example", is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_the_admin_sign_in_form_goes_through_allauth_throttling_and_mfa(client, db):
    response = client.get("/admin/login/?next=/admin/core/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Fcore%2F"
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 302


# --- Uploads ---------------------------------------------------------------------------------


def test_a_download_whose_file_is_gone_is_404_not_500(client, member, document):
    stored_path(document.stored_name).unlink()
    with pytest.raises(Http404):
        serve_upload(document)
    client.force_login(member)
    url = reverse("network:agreement_document", args=[document.pk])
    assert client.get(url).status_code == 404


# --- No personal data in error reports and logs --------------------------------------------


@public_view
def crash(request):
    int(request.POST.get("name") or request.GET.get("q"))  # ValueError quoting the value
    raise AssertionError("unreachable")


urlpatterns = [path("crash/", crash)]


@override_settings(ROOT_URLCONF=__name__, ADMINS=["ops@maillage.example"])
def test_a_crash_reports_neither_the_posted_name_nor_the_user_in_logs_or_mail(
    member, mailoutbox, caplog
):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post(f"/crash/?q={NAME}", {"name": NAME, "note": "santé mentale"})
    assert response.status_code == 500
    assert NAME not in response.content.decode()
    # The console handler of the real LOGGING setting formats the records.
    formatter = next(
        h.formatter
        for h in logging.getLogger().handlers
        if isinstance(h.formatter, PrivateFormatter)
    )
    [record] = [r for r in caplog.records if r.exc_info]
    logged = formatter.format(record)
    assert "ValueError" in logged and "in crash" in logged  # the bug can still be located
    assert "Zoubida" not in logged
    [mail] = mailoutbox
    report = mail.subject + mail.body
    assert "ValueError" in report and "name" in report  # parameter names stay
    for secret in ("Zoubida", "santé", member.email):
        assert secret not in report


# --- Dependency audit in CI ----------------------------------------------------------------


def _audit(requirements: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The audit function of .ci/run, run as CI runs it (its `uv run` is the tool itself)."""
    script = (ROOT / ".ci" / "run").read_text()
    function = re.search(r"^audit_requirements\(\) \{.*?^\}$", script, re.DOTALL | re.MULTILINE)
    bash = f'uv() {{ [[ $1 == run ]] && shift; "$@"; }}\n{function.group(0)}\n'
    bash += 'audit_requirements "$@"'
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "-c", bash, "audit", str(requirements), *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class _Osv(BaseHTTPRequestHandler):
    """A vulnerability database that knows one advisory for every package asked about."""

    def do_POST(self):
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name = query["package"]["name"]
        body = {
            "vulns": [
                {
                    "id": "GHSA-test-0001",
                    "summary": "test advisory",
                    "affected": [
                        {
                            "package": {"name": name, "ecosystem": "PyPI"},
                            "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "99.0"}]}],
                        }
                    ],
                }
            ]
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_ci_audit_fails_on_a_known_vulnerability(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==3.2\n")
    server = HTTPServer(("127.0.0.1", 0), _Osv)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/v1/query"
        result = _audit(requirements, "--vulnerability-service", "osv", "--osv-url", url)
    finally:
        server.shutdown()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "VULNERABLE: django 3.2: GHSA-test-0001 (fixed in 99.0)" in result.stdout


def test_ci_audit_says_plainly_when_the_database_is_unreachable_and_passes(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==3.2\n")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1/query"
    result = _audit(requirements, "--vulnerability-service", "osv", "--osv-url", url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "could not be reached: the dependencies were NOT audited" in result.stdout
