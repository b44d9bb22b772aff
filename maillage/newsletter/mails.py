"""The newsletter's e-mails: the confirmation a visitor asked for, and an issue's mail.

Every issue mail carries its subscriber's own unsubscribe link, in the text and in the
`List-Unsubscribe` header with `List-Unsubscribe-Post` (RFC 8058: a mail client unsubscribes
in one click by POSTing to that address). The issue's body is rendered once per sending with
a placeholder, replaced by each subscriber's link: rendering the templates for every address
would cost more than sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core.links import absolute_url
from maillage.core.mail import unencoded_header
from maillage.core.models import Organisation
from maillage.newsletter.models import Issue, Subscriber

# Never produced by a template: no letter of it is escaped in HTML.
PLACEHOLDER = "NEWSLETTER-UNSUBSCRIBE-URL-7f3a"


def subscribe_url(organisation: Organisation) -> str:
    return absolute_url(reverse("newsletter:subscribe", kwargs={"slug": organisation.slug}))


def confirm_url(subscriber: Subscriber, token: str) -> str:
    kwargs = {"slug": subscriber.organisation.slug, "token": token}
    return absolute_url(reverse("newsletter:confirm", kwargs=kwargs))


def unsubscribe_url(subscriber: Subscriber) -> str:
    kwargs = {"slug": subscriber.organisation.slug, "token": subscriber.unsubscribe_token}
    return absolute_url(reverse("newsletter:unsubscribe", kwargs=kwargs))


def _from(organisation: Organisation) -> str:
    # The organisation's name before the platform's address: the reader knows who writes.
    address = settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">") or "noreply@localhost"
    name = organisation.name.replace('"', "")
    return f'"{name}" <{address}>'


def _reply_to(organisation: Organisation) -> list[str] | None:
    return [organisation.email] if organisation.email else None


def confirmation_message(subscriber: Subscriber, token: str) -> EmailMultiAlternatives:
    organisation = subscriber.organisation
    with translation.override(settings.LANGUAGE_CODE):
        context = {"organisation": organisation, "confirm_url": confirm_url(subscriber, token)}
        subject = _("Confirm your subscription to the newsletter of %(name)s") % {
            "name": organisation.name
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("newsletter/email/confirm.txt", context),
            from_email=_from(organisation),
            to=[subscriber.email],
            reply_to=_reply_to(organisation),
        )
        message.attach_alternative(
            render_to_string("newsletter/email/confirm.html", context), "text/html"
        )
    return message


def link_of(obj: Any) -> str:
    """The public page of a news post or an activity, or "" while it has none."""
    try:
        return absolute_url(str(obj.get_absolute_url()))
    except NoReverseMatch:
        return ""


def activity_link(activity: Any) -> str:
    return absolute_url(reverse("activities:public_activity", kwargs={"pk": activity.pk}))


@dataclass(frozen=True)
class Rendered:
    """An issue's mail with the placeholder where each subscriber's link goes."""

    subject: str
    text: str
    html: str


def issue_context(issue: Issue, *, news: Any = None, activities: Any = None) -> dict[str, Any]:
    if news is None:
        news = issue.news.select_related("organisation").order_by("-published_at", "-pk")
    if activities is None:
        activities = issue.activities.order_by("starts_on", "title", "pk")
    return {
        "issue": issue,
        "organisation": issue.organisation,
        "news": [(post, link_of(post)) for post in list(news)],
        "activities": [(activity, activity_link(activity)) for activity in list(activities)],
        "unsubscribe_url": PLACEHOLDER,
        "subscribe_url": subscribe_url(issue.organisation),
        "today": timezone.localdate(),
    }


def render_issue(issue: Issue, **selection: Any) -> Rendered:
    with translation.override(settings.LANGUAGE_CODE):
        context = issue_context(issue, **selection)
        return Rendered(
            subject=issue.subject,
            text=render_to_string("newsletter/email/issue.txt", context),
            html=render_to_string("newsletter/email/issue.html", context),
        )


def issue_message(
    rendered: Rendered, issue: Issue, subscriber: Subscriber
) -> EmailMultiAlternatives:
    link = unsubscribe_url(subscriber)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text.replace(PLACEHOLDER, link),
        from_email=_from(issue.organisation),
        to=[subscriber.email],
        reply_to=_reply_to(issue.organisation),
        headers={
            # Exactly as written: an encoded word here breaks one-click unsubscribe.
            "List-Unsubscribe": unencoded_header("List-Unsubscribe", f"<{link}>"),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{issue.organisation.slug}.lettre.maillage>",
        },
    )
    message.attach_alternative(rendered.html.replace(PLACEHOLDER, link), "text/html")
    return message
