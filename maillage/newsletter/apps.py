from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "maillage.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        from maillage.core.jobs import register_job
        from maillage.newsletter.sending import send_abandoned, send_issue
        from maillage.newsletter.services import JOB_KIND

        # Known to the web process (which starts the job) and to the worker alike.
        register_job(JOB_KIND, send_issue, abandoned=send_abandoned)
