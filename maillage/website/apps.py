from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "maillage.website"
    label = "website"
    verbose_name = _("Public website")

    def ready(self) -> None:
        from django.urls import reverse

        from maillage.core.privacy_notices import register_policy_url

        # Every public form's notice links to the organisation's full policy, here.
        register_policy_url(
            lambda organisation: reverse("website:privacy", args=[organisation.slug])
        )
