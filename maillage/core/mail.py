"""What every e-mail of the product shares, whoever sends it.

- Message-IDs end in the product's domain (`links.site_domain()`), not in the name of the
  machine that happens to send (`@localhost` in a container): Django makes them with its
  cached machine name, which `use_site_domain_in_message_ids` replaces once at start, so our
  mails, allauth's and Django's crash reports are all covered.
- A header that a program reads rather than a person (`List-Unsubscribe`, RFC 8058) leaves as
  it is: Python folds a long value into RFC 2047 encoded words (`=?utf-8?q?…?=`), which mail
  clients do not decode there, so one-click unsubscribe broke on every long address.
- Calendar invitations follow iMIP (RFC 6047): the calendar is an alternative of the text,
  `text/calendar; method=…` as its METHOD says, which mail clients turn into the
  invitation's buttons, and the same file is attached for those that only show attachments.
"""

from __future__ import annotations

import email.policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage as PythonMessage
from email.utils import parseaddr
from typing import Any, cast

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from maillage.core.links import site_domain


def sender_address() -> str:
    """The bare address of DEFAULT_FROM_EMAIL (`Maillage <noreply@…>` → `noreply@…`)."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


class _SiteDomain:
    """Stands in for Django's cached machine name where a Message-ID is made."""

    def __str__(self) -> str:
        return site_domain()

    def get_fqdn(self) -> str:
        return site_domain()


def use_site_domain_in_message_ids() -> None:
    """Called once at start (CoreConfig.ready). Only the Message-ID changes: the SMTP
    backend still greets the server with the machine's own name."""
    from django.core.mail import message

    # Django reads this module attribute each time it makes a Message-ID.
    setattr(message, "DNS_NAME", _SiteDomain())  # noqa: B010


# RFC 5322's limit for a line, the header's name and ": " included.
_MAX_LINE = 998


class _UnencodedHeader:
    """Written on one line, as it is: never folded, never encoded."""

    max_count = 1

    @classmethod
    def parse(cls, value: str, kwds: dict[str, Any]) -> None:
        kwds["parse_tree"] = None
        kwds["decoded"] = value

    def fold(self, *, policy: email.policy.Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"  # type: ignore[attr-defined]


# typeshed asks for the parsers' full protocol, of which BaseHeader uses only `parse`.
_UNENCODED = HeaderRegistry(base_class=BaseHeader, default_class=cast(Any, _UnencodedHeader))


def unencoded_header(name: str, value: str) -> str:
    """A header (e.g. `List-Unsubscribe: <https://…>`) that leaves exactly as written, on one
    line: printable ASCII that fits in a line of RFC 5322 (998 characters)."""
    if not value.isascii() or not value.isprintable():
        raise ValueError(f"{name}: only printable ASCII can be sent unencoded")
    if len(name) + 2 + len(value) > _MAX_LINE:
        raise ValueError(f"{name}: longer than a line of an e-mail")
    header: str = _UNENCODED(name, value)
    return header


class CalendarInvitation(EmailMultiAlternatives):
    """An e-mail carrying an iTIP calendar (an invitation: METHOD:REQUEST)."""

    def __init__(
        self, *args: Any, calendar: bytes, method: str, filename: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.calendar_method = method
        self.attach_alternative(calendar.decode(), "text/calendar")
        # Not text/calendar: a second part with a method would be a second invitation.
        self.attach(filename, calendar, "application/ics")

    def message(
        self, *, policy: email.policy.Policy | None = email.policy.default
    ) -> PythonMessage:
        msg: PythonMessage = super().message(policy=policy)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                part.set_param("method", self.calendar_method, requote=False)
        return msg
