from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "maillage.casework"
    label = "casework"
    verbose_name = _("Individual axis")

    def ready(self) -> None:
        from maillage.casework.panels import caseload_panel, next_steps_panel
        from maillage.core.dashboards import register_home_panel

        register_home_panel(caseload_panel)
        register_home_panel(next_steps_panel)
