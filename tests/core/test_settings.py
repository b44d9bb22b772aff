import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from maillage.env import env_bool, env_float, env_int, env_list
from tests.production import clean_env, production_env


def test_env_helpers_fail_loudly_on_malformed_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "peut-être")
    monkeypatch.setenv("X_INT", "douze")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_FLOAT", "1,1")
    with pytest.raises(ImproperlyConfigured, match="X_FLOAT"):
        env_float("X_FLOAT", 1.0)
    monkeypatch.setenv("X_FLOAT", " 1.5 ")
    assert env_float("X_FLOAT", 1.0) == 1.5
    monkeypatch.setenv("X_LIST", " a, ,b ")
    assert env_list("X_LIST", []) == ["a", "b"]


def _maillage(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "maillage.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    env = production_env(tmp_path, MAILLAGE_SMTP_HOST="smtp.example.org")
    result = _maillage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variables", "fails"),
    [
        ({"MAILLAGE_BASE_URL": ""}, "maillage.E002"),
        ({"MAILLAGE_BASE_URL": "http://127.0.0.1:8000"}, "maillage.E002"),
        ({"MAILLAGE_BASE_URL": "maillage.example.org"}, "maillage.E002"),
        ({"DEFAULT_FROM_EMAIL": ""}, "maillage.E003"),
        ({"DEFAULT_FROM_EMAIL": "Maillage <noreply@maillage.example>"}, "maillage.E003"),
        ({"DEFAULT_FROM_EMAIL": "noreply@localhost"}, "maillage.E003"),
    ],
)
def test_check_deploy_fails_while_mails_would_link_to_nowhere_or_come_from_nobody(
    tmp_path, variables, fails
):
    """Left at their defaults, every mail links to http://127.0.0.1:8000 and comes from
    noreply@maillage.example: an error, so `check --deploy` fails (no --fail-level needed)."""
    env = production_env(tmp_path, MAILLAGE_SMTP_HOST="smtp.example.org")
    for name, value in variables.items():
        if value:
            env[name] = value
        else:
            del env[name]
    result = _maillage("check", "--deploy", env=env)
    assert result.returncode == 1
    assert fails in result.stderr + result.stdout


def test_embedded_setup_generates_its_secrets_under_var_once(tmp_path):
    env = clean_env()
    env["MAILLAGE_VAR_DIR"] = str(tmp_path)
    assert _maillage("check", env=env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert _maillage("check", env=env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    Fernet((tmp_path / "encryption_key").read_text().encode())  # a valid key


@pytest.mark.django_db
def test_postgresql_plans_for_ssd_random_page_cost():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.django_db
def test_postgresql_does_not_compile_short_queries_with_its_jit():
    """Issue 18: the JIT spent up to 450 ms compiling a report's queries that run in ms."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
