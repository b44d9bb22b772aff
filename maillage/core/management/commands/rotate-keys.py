"""Re-encrypts every encrypted value with the current key, in batches."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

from maillage.core.audit import audit_log
from maillage.core.crypto import decrypt, encrypt, encrypted_fields, is_current


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields and MFA secrets with the current key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        total = 0
        for model, fields in encrypted_fields():
            rotated = rotate_model(model, fields, batch_size)
            total += rotated
            self.stdout.write(f"{model._meta.label}: {rotated} row(s) re-encrypted")
        rotated = rotate_authenticators(batch_size)
        total += rotated
        self.stdout.write(f"MFA secrets: {rotated} row(s) re-encrypted")
        audit_log(actor=None, action="core.crypto.keys_rotated", changes={"rows": total})
        self.stdout.write(self.style.SUCCESS(f"{total} row(s) re-encrypted in all"))


def rotate_model(model: Any, fields: list[str], batch_size: int) -> int:
    # Cast to plain text reads the stored ciphertext without decrypting it.
    raw = {f"raw_{name}": Cast(F(name), output_field=TextField()) for name in fields}
    stale_pks = [
        row["pk"]
        for row in model._default_manager.annotate(**raw).values("pk", *raw).iterator()
        if any(row[key] is not None and not is_current(row[key]) for key in raw)
    ]
    for start in range(0, len(stale_pks), batch_size):
        chunk = stale_pks[start : start + batch_size]
        with transaction.atomic():
            objs = list(
                model._default_manager.select_for_update().filter(pk__in=chunk).only(*fields)
            )
            # Loading decrypts with any key; saving encrypts with the current one.
            model._default_manager.bulk_update(objs, fields)
    return len(stale_pks)


# allauth keeps the TOTP secret and the recovery-code seed encrypted (through our MFA adapter)
# inside a JSON document.
_AUTHENTICATOR_SECRETS = {
    Authenticator.Type.TOTP: "secret",
    Authenticator.Type.RECOVERY_CODES: "seed",
}


def rotate_authenticators(batch_size: int) -> int:
    rotated = 0
    queryset = Authenticator.objects.filter(type__in=list(_AUTHENTICATOR_SECRETS)).order_by("pk")
    pks = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        with transaction.atomic():
            stale = []
            for auth in queryset.select_for_update().filter(pk__in=pks[start : start + batch_size]):
                key = _AUTHENTICATOR_SECRETS[auth.type]
                token = auth.data.get(key)
                if token and not is_current(token):
                    auth.data[key] = encrypt(decrypt(token))
                    stale.append(auth)
            Authenticator.objects.bulk_update(stale, ["data"])
            rotated += len(stale)
    return rotated
