"""What each public form does with what people type in it: registered with core's privacy
notices (`maillage.core.privacy_notices`) at start.

The delays are read where the rules that apply them read them: the organisation's retention
policy (activity registrations, see `services._participants_to_anonymise`), the newsletter's
wait for a confirmation, and MAILLAGE_APPLICATION_RETENTION_DAYS for job applications. So the
notice always says what the nightly `apply-retention` run does.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from maillage.casework.models import RetentionPolicy
from maillage.core.models import Organisation
from maillage.core.privacy_notices import Processing, register_processing
from maillage.newsletter.models import PENDING_DAYS


def _request_months(organisation: Organisation) -> int:
    """The policy's delay, read without creating the policy (a public page writes nothing)."""
    months = (
        RetentionPolicy.objects.filter(organisation=organisation)
        .values_list("request_months", flat=True)
        .first()
    )
    if months is None:
        default: int = RetentionPolicy._meta.get_field("request_months").default
        return default
    return months


def _registration_retention(organisation: Organisation) -> str:
    months = _request_months(organisation)
    return ngettext(
        "Your details and the health notes are erased %(months)s month after the end of the "
        "last activity your child is registered for; only anonymous attendance figures remain.",
        "Your details and the health notes are erased %(months)s months after the end of the "
        "last activity your child is registered for; only anonymous attendance figures remain.",
        months,
    ) % {"months": months}


def _newsletter_retention(organisation: Organisation) -> str:
    return ngettext(
        "Your address is kept while you are subscribed; forgotten if you do not confirm it "
        "within %(days)s day. After you unsubscribe it is kept only so that no issue reaches "
        "it again: ask, and it is erased.",
        "Your address is kept while you are subscribed; forgotten if you do not confirm it "
        "within %(days)s days. After you unsubscribe it is kept only so that no issue reaches "
        "it again: ask, and it is erased.",
        PENDING_DAYS,
    ) % {"days": PENDING_DAYS}


def _application_retention(organisation: Organisation) -> str:
    days = settings.MAILLAGE_APPLICATION_RETENTION_DAYS
    return ngettext(
        "Your application, CV included, is deleted %(days)s day after it arrives, at the latest.",
        "Your application, CV included, is deleted %(days)s days after it arrives, at the latest.",
        days,
    ) % {"days": days}


def _conference_retention(organisation: Organisation) -> str:
    return _(
        "Your registration is kept with the conference's records (the list of participants) "
        "for as long as the organisation keeps them; ask, and it is erased."
    )


PROCESSINGS = [
    Processing(
        key="activities.registration",
        title=gettext_lazy("Registrations for activities"),
        purpose=gettext_lazy(
            "register your children, write to you about the activity and reach someone in an "
            "emergency"
        ),
        data=gettext_lazy(
            "your name, e-mail address and phone number, an emergency contact, and for each "
            "child their name, date of birth, gender, price and the health notes you choose to "
            "give"
        ),
        legal_basis=gettext_lazy(
            "the registration you ask for; your consent for the photos and the health notes"
        ),
        retention=_registration_retention,
    ),
    Processing(
        key="newsletter.subscription",
        title=gettext_lazy("Newsletter"),
        purpose=gettext_lazy("send you its newsletter"),
        data=gettext_lazy(
            "your e-mail address, and when you subscribed, confirmed and unsubscribed"
        ),
        legal_basis=gettext_lazy(
            "your consent, which you withdraw at any time with the link in every issue"
        ),
        retention=_newsletter_retention,
    ),
    Processing(
        key="website.application",
        title=gettext_lazy("Job applications"),
        purpose=gettext_lazy("consider your application for this job or a later one"),
        data=gettext_lazy("your name, e-mail address, message and CV"),
        legal_basis=gettext_lazy("the steps you ask for before a possible work contract"),
        retention=_application_retention,
    ),
    Processing(
        key="concertation.conference",
        title=gettext_lazy("Registrations for themed conferences"),
        purpose=gettext_lazy("register you for the conference and write to you about it"),
        data=gettext_lazy("your name, e-mail address and organisation"),
        legal_basis=gettext_lazy("the registration you ask for"),
        retention=_conference_retention,
    ),
]


def register() -> None:
    for processing in PROCESSINGS:
        register_processing(processing)
