from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcertationConfig(AppConfig):
    name = "maillage.concertation"
    label = "concertation"
    verbose_name = _("Concertation")

    def ready(self) -> None:
        from maillage.concertation.panels import actions_panel, actions_probe
        from maillage.core.dashboards import register_home_panel

        register_home_panel(actions_panel, probe=actions_probe)
