from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "maillage.directory"
    label = "directory"
    verbose_name = _("Social offer")

    def ready(self) -> None:
        from maillage.core.dashboards import register_home_panel
        from maillage.directory.panels import stale_services_panel

        register_home_panel(stale_services_panel)
