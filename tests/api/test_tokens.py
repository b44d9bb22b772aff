"""Tokens: made on the team's page and shown once, their own technical user, and what the
API answers to a missing, wrong, revoked or expired token, a missing scope, too many calls."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.api.models import ApiToken, Scope
from maillage.api.services import api_token_revoke, technical_email
from maillage.core.audit_models import AuditEvent
from maillage.core.models import Membership

pytestmark = pytest.mark.django_db


def test_the_token_page_shows_the_token_once_and_audits_without_the_secret(login, owner):
    client = login(owner)
    response = client.post(
        "/api/jetons/nouveau/",
        {"name": "Logiciel de l'école", "scopes": [Scope.ABSENCES_WRITE, Scope.SIGNALS_READ]},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    token = ApiToken.objects.get()
    body = response.content.decode()
    secret = body.split('id="token-value"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert secret.startswith(f"mlg_{token.prefix}_")
    assert token.secret_hash not in body
    assert token.scopes == [Scope.ABSENCES_WRITE, Scope.SIGNALS_READ]
    listing = client.get("/api/jetons/").content.decode()
    assert "Logiciel de l&#x27;école" in listing and secret not in listing
    event = AuditEvent.objects.get(action="api.token.created")
    assert secret not in str(event.changes) and event.actor == owner


def test_the_form_says_what_is_missing(login, owner):
    response = login(owner).post("/api/jetons/nouveau/", {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()


def test_a_token_acts_through_a_technical_user_without_membership(all_scopes):
    token = all_scopes.token
    user = token.user
    assert user.email == technical_email(token.prefix)
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()


def test_revoking_from_the_page_is_audited_and_ends_the_token(login, owner, token_for, org_a):
    api = token_for(org_a, Scope.SIGNALS_READ)
    assert api.get("/signals").status_code == 200
    response = login(owner).post(f"/api/jetons/{api.token.pk}/revoquer/")
    assert response.status_code == 302
    api.token.refresh_from_db()
    assert api.token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api.token.revoked").exists()
    refused = api.get("/signals")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Ce jeton est inconnu, révoqué ou expiré."
    assert refused["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header",
    ["", "Bearer mlg_unknown_secret", "Bearer nonsense", "Basic dXNlcjpwYXNz"],
)
def test_missing_or_wrong_tokens_get_a_401_in_json(anon, header):
    headers = {"Authorization": header} if header else {}
    response = anon.client.get("/api/v1/signals", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)


def test_a_wrong_secret_with_a_real_prefix_is_refused(all_scopes):
    forged = f"mlg_{all_scopes.token.prefix}_{'x' * 43}"
    response = all_scopes.client.get(
        "/api/v1/signals", headers={"Authorization": f"Bearer {forged}"}
    )
    assert response.status_code == 401


def test_an_expired_token_is_refused(token_for, org_a):
    api = token_for(org_a, Scope.SIGNALS_READ, expires_at=timezone.now() + timedelta(hours=1))
    assert api.get("/signals").status_code == 200
    ApiToken.objects.filter(pk=api.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api.get("/signals").status_code == 401


def test_a_bad_token_is_refused_even_where_none_is_needed(anon):
    response = anon.client.get("/api/v1/activities", headers={"Authorization": "Bearer mlg_x_y"})
    assert response.status_code == 401


def test_a_missing_scope_is_a_403_in_json(token_for, org_a):
    api = token_for(org_a, Scope.ACTIVITIES_READ)
    for path in ("/signals", "/registrations"):
        response = api.get(path)
        assert response.status_code == 403
        assert "permission" in response.json()["detail"]
    # Checked before the body is read: bad input without the scope is still a 403.
    assert api.post("/absences", {"rows": []}).status_code == 403


def test_last_use_is_recorded(all_scopes):
    assert all_scopes.token.last_used_at is None
    all_scopes.get("/signals")
    all_scopes.token.refresh_from_db()
    assert all_scopes.token.last_used_at is not None


def test_revoking_twice_says_so(all_scopes, owner, org_a):
    from django.core.exceptions import ValidationError

    from maillage.core.scoping import bind_organisation

    bind_organisation(owner, org_a.pk, frozenset({"administrator"}))
    api_token_revoke(actor=owner, token=all_scopes.token)
    with pytest.raises(ValidationError):
        api_token_revoke(actor=owner, token=all_scopes.token)
    assert not type(all_scopes.token.user).objects.get(pk=all_scopes.token.user_id).is_active


def test_too_many_calls_get_a_429_with_retry_after(settings, all_scopes, anon):
    settings.MAILLAGE_API_RATE_PER_MINUTE = 3
    statuses = [all_scopes.get("/signals").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = all_scopes.get("/signals")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "détail" not in refused.json() and refused.json()["detail"]
    # Anonymous callers are counted per address, apart from the token.
    assert anon.get("/organisations").status_code == 200
