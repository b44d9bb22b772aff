from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "maillage.activities"
    label = "activities"
    verbose_name = _("Collective axis")

    def ready(self) -> None:
        from maillage.activities.panels import activities_panel
        from maillage.core.dashboards import register_home_panel

        register_home_panel(activities_panel)
