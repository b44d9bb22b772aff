from django.apps import AppConfig


class CryptoAppConfig(AppConfig):
    name = "tests.crypto_app"
    label = "crypto_app"
