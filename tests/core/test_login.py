import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/comptes/login/"


def test_sign_in_with_email_and_password_lands_on_home_and_is_audited(client, member):
    response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert AuditEvent.objects.filter(action="core.auth.logged_in", actor=member).exists()


def test_wrong_password_gives_french_error_announced_to_screen_readers(client, member):
    response = client.post(LOGIN, {"login": member.email, "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in html
    assert "_auth_user_id" not in client.session


def test_unknown_account_gets_the_same_answer_as_a_wrong_password(client, db):
    html = client.post(LOGIN, {"login": "nobody@x.example", "password": "nope"}).content.decode()
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in html


def test_public_sign_up_is_closed(client, db):
    response = client.get("/comptes/signup/")
    assert "Inscriptions fermées" in response.content.decode()


def test_repeated_failures_are_throttled(client, member):
    cache.clear()
    with override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/5m/key"}):
        for _ in range(3):
            client.post(LOGIN, {"login": member.email, "password": "nope"})
        response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_expired_session_is_explained_in_french(client, member):
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-or-unknown-session-key"
    response = client.get(reverse("core:home"), follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "Votre session a expiré. Veuillez vous reconnecter." in response.content.decode()


def test_expired_session_on_htmx_request_redirects_the_whole_page(client, member):
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-or-unknown-session-key"
    response = client.get(reverse("core:home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(LOGIN)


def test_session_expires_after_configured_inactivity():
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert "maillage.core.middleware.SessionMiddleware" in settings.MIDDLEWARE


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_user_with_totp_must_enter_a_valid_code(client, member):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(member, secret)
    response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert response["Location"] == "/comptes/2fa/authenticate/"
    wrong = client.post("/comptes/2fa/authenticate/", {"code": "000000"})
    assert "Code incorrect" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    ok = client.post("/comptes/2fa/authenticate/", {"code": _code(secret)})
    assert ok["Location"] == reverse("core:home")


def test_totp_secret_is_encrypted_at_rest(member):
    TOTP.activate(member, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    stored = member.authenticator_set.get().data["secret"]
    assert "JBSWY3DP" not in stored


def test_role_requiring_mfa_is_sent_to_set_it_up_first(client, member):
    with override_settings(MAILLAGE_MFA_REQUIRED_ROLES={"field_worker"}):
        client.force_login(member)
        response = client.get(reverse("core:home"), follow=True)
    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert "Votre rôle exige la vérification en deux étapes" in response.content.decode()


def test_role_not_requiring_mfa_goes_straight_in(client, member):
    with override_settings(MAILLAGE_MFA_REQUIRED_ROLES={"dpo"}):
        client.force_login(member)
        assert client.get(reverse("core:home")).status_code == 200


def test_password_reset_sends_a_french_email(client, member, mailoutbox):
    client.post("/comptes/password/reset/", {"email": member.email})
    [message] = mailoutbox
    assert "mot de passe" in message.body.lower()


def test_recovery_code_replaces_a_lost_phone_once(client, member):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    TOTP.activate(member, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    code = RecoveryCodes.activate(member).get_unused_codes()[0]
    client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert client.post("/comptes/2fa/authenticate/", {"code": code})["Location"] == "/"
    client.logout()
    client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    reused = client.post("/comptes/2fa/authenticate/", {"code": code})
    assert reused.status_code == 200 and "Code incorrect" in reused.content.decode()
