"""What a public form tells people about their data where they type it (GDPR, article 13).

Core draws the notice (`{% privacy_notice organisation "key" %}`, in
`core/partials/privacy_notice.html`) and the organisation's full policy lists the same entries;
core knows none of their content. The `privacy` app, which decides how long each kind of data
is kept, registers one `Processing` per public form at start; the public site registers the
address of the organisation's full policy. A form names its processing by key: a key that
nobody registered fails loudly, and the tests render every form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from maillage.core.models import Organisation


@dataclass(frozen=True)
class Processing:
    """One public form's use of personal data, in words for the people who fill it in."""

    key: str
    # "Registrations for activities": a heading of the full policy.
    title: Promise
    # Completes "… uses them to …": "register your children and reach you about the activity".
    purpose: Promise
    # What the form collects.
    data: Promise
    # The GDPR's ground, said plainly: "your consent", "the registration you ask for".
    legal_basis: Promise
    # How long, with the organisation's own delays: a whole sentence.
    retention: Callable[[Organisation], str]


_PROCESSINGS: dict[str, Processing] = {}
_POLICY_URL: list[Callable[[Organisation], str]] = []


def register_processing(processing: Processing) -> None:
    _PROCESSINGS[processing.key] = processing


def register_policy_url(build: Callable[[Organisation], str]) -> None:
    """The address of an organisation's full privacy policy (the public site has it)."""
    _POLICY_URL[:] = [build]


def processing(key: str) -> Processing:
    try:
        return _PROCESSINGS[key]
    except KeyError:
        known = ", ".join(sorted(_PROCESSINGS)) or "none"
        raise KeyError(f"no processing {key!r} is registered (known: {known})") from None


def processings() -> list[Processing]:
    """Every registered processing, in the order they were registered."""
    return list(_PROCESSINGS.values())


def policy_url(organisation: Organisation) -> str:
    if not _POLICY_URL:
        raise LookupError("no app registered the address of the privacy policy")
    return _POLICY_URL[0](organisation)


def rights_contact(organisation: Organisation) -> str:
    """Where people write to use their rights: the data-protection officer when the
    organisation named one, else its own address ("" when it has neither)."""
    return organisation.dpo_email or organisation.email
