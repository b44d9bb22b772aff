from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolingConfig(AppConfig):
    name = "maillage.schooling"
    label = "schooling"
    verbose_name = _("Schooling")

    def ready(self) -> None:
        from maillage.core.dashboards import register_home_panel
        from maillage.schooling import links
        from maillage.schooling.panels import signals_panel, signals_probe
        from maillage.schooling.panels_esf import esf_panel, esf_probe

        register_home_panel(signals_panel, probe=signals_probe)
        register_home_panel(esf_panel, probe=esf_probe)
        links.register()
