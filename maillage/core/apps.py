from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from maillage.core import checks, lookups, signals  # noqa: F401  (registers them)
        from maillage.core.i18n import compile_catalogues
        from maillage.core.mail import use_site_domain_in_message_ids

        compile_catalogues()
        use_site_domain_in_message_ids()
