from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolingConfig(AppConfig):
    name = "maillage.schooling"
    label = "schooling"
    verbose_name = _("Schooling")

    def ready(self) -> None:
        # Home panels and background jobs are registered here as the app grows.
        from maillage.schooling import jobs  # noqa: F401
