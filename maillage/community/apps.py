from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "maillage.community"
    label = "community"
    verbose_name = _("Community axis")

    def ready(self) -> None:
        from maillage.community.panels import diagnosis_panel
        from maillage.core.dashboards import register_home_panel

        register_home_panel(diagnosis_panel)
