"""A model with encrypted fields for the key-rotation tests, until domain models carry notes."""

from django.db import models

from maillage.core.crypto import EncryptedTextField


class SecretNote(models.Model):
    body = EncryptedTextField()
    extra = EncryptedTextField(null=True, blank=True)

    class Meta:
        app_label = "crypto_app"

    def __str__(self) -> str:
        return f"note {self.pk}"
