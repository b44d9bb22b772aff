from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "maillage.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from maillage.core.dashboards import register_home_panel
        from maillage.network.panels import renewals_panel

        register_home_panel(renewals_panel)
