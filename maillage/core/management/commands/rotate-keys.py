"""Re-encrypts every encrypted field with the current key, in batches."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

from maillage.core.audit import audit_log
from maillage.core.crypto import encrypted_fields, is_current


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields with the first key of MAILLAGE_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        total = 0
        for model, fields in encrypted_fields():
            rotated = rotate_model(model, fields, batch_size)
            total += rotated
            self.stdout.write(f"{model._meta.label}: {rotated} row(s) re-encrypted")
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
