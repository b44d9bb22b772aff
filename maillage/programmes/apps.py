from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "maillage.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        # The indicators of every area register themselves in the catalogue.
        from maillage.core.dashboards import register_home_panel
        from maillage.programmes import catalogue  # noqa: F401
        from maillage.programmes.panels import (
            director_panel,
            programme_panel,
            statistics_panel,
            team_activity_panel,
        )

        register_home_panel(team_activity_panel)
        register_home_panel(director_panel)
        register_home_panel(programme_panel)
        register_home_panel(statistics_panel)
