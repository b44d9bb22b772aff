import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from maillage.core.crypto import DecryptionError, is_current
from tests.crypto_app.models import SecretNote

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def raw(note: SecretNote, column: str = "body") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM crypto_app_secretnote WHERE id = %s", [note.pk])
        return cursor.fetchone()[0]


def test_notes_are_stored_encrypted_and_read_back_in_clear(db):
    note = SecretNote.objects.create(body="Le jeune parle de violences à la maison.")
    assert "violences" not in raw(note)
    assert SecretNote.objects.get(pk=note.pk).body == "Le jeune parle de violences à la maison."


def test_encrypted_field_cannot_be_searched_by_content(db):
    SecretNote.objects.create(body="secret")
    with pytest.raises(Exception, match="Unsupported lookup"):
        list(SecretNote.objects.filter(body__icontains="secret"))


def test_key_rotation_keeps_old_ciphertexts_readable_then_reencrypts_them(db):
    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[OLD]):
        notes = [
            SecretNote.objects.create(body=f"note {i}", extra=None if i % 2 else f"x{i}")
            for i in range(7)
        ]
        old_tokens = [raw(n) for n in notes]

    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[NEW, OLD]):
        # Before rotation: old ciphertexts still readable with the old key in second place.
        assert [n.body for n in SecretNote.objects.order_by("pk")] == [
            f"note {i}" for i in range(7)
        ]
        assert not any(is_current(t) for t in old_tokens)
        call_command("rotate-keys", "--batch-size", "3")
        assert all(is_current(raw(n)) for n in notes)
        assert all(raw(n, "extra") is None for n in notes[1::2])

    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[NEW]):
        # After rotation the old key can go.
        assert [n.extra for n in SecretNote.objects.order_by("pk")][:2] == ["x0", None]
        assert SecretNote.objects.get(pk=notes[3].pk).body == "note 3"

    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[OLD]), pytest.raises(DecryptionError):
        SecretNote.objects.get(pk=notes[0].pk)


def test_rotation_skips_rows_already_on_the_current_key(db, capsys):
    SecretNote.objects.create(body="déjà à jour")
    call_command("rotate-keys")
    assert "0 row(s) re-encrypted in all" in capsys.readouterr().out


def test_malformed_keys_are_reported_by_the_system_checks():
    with override_settings(MAILLAGE_ENCRYPTION_KEYS=["not-a-key"]):
        errors = [m for m in run_checks(tags=["security"]) if m.id == "maillage.E001"]
    assert errors and "Fernet keys" in errors[0].msg


def test_rotation_reencrypts_mfa_secrets_so_the_old_key_can_go(member, client):
    import time

    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[OLD]):
        TOTP.activate(member, secret)
        codes = RecoveryCodes.activate(member).get_unused_codes()
    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[NEW, OLD]):
        call_command("rotate-keys")
    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[NEW]):
        totp = TOTP(member.authenticator_set.get(type="totp"))
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        assert totp.validate_code(code)
        recovery = RecoveryCodes(member.authenticator_set.get(type="recovery_codes"))
        assert recovery.get_unused_codes() == codes
