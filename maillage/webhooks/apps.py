from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "maillage.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from maillage.core.events import subscribe
        from maillage.webhooks.services import on_event

        subscribe(on_event)
