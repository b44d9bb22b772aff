from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "maillage.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        # The indicators of every area register themselves in the catalogue.
        from maillage.programmes import catalogue  # noqa: F401
