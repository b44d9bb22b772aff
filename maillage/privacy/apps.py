from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """GDPR tools: subject-access exports, erasure, retention."""

    name = "maillage.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from maillage.privacy import notices, tasks  # noqa: F401  (tasks: the retention job)

        notices.register()
