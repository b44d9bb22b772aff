"""What every e-mail shares, whoever sends it: its links are on MAILLAGE_BASE_URL and its
Message-ID ends in that address's domain, never in the request's host or the machine's name
(`127.0.0.1:8000`, `@localhost`). Read from the bytes sent, as a mail client reads them."""

from __future__ import annotations

import email.policy
import re
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.test import Client
from django.urls import reverse

from maillage.core.roles import Role

BASE = "https://maillage.reseau-jeunesse.example.org"
DOMAIN = "maillage.reseau-jeunesse.example.org"
URL = re.compile(r"https?://[^\s<>\"]+")


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.MAILLAGE_BASE_URL = BASE


def sent(message) -> EmailMessage:
    parsed = BytesParser(policy=email.policy.default).parsebytes(message.message().as_bytes())
    assert isinstance(parsed, EmailMessage)
    return parsed


def text_of(parsed: EmailMessage) -> str:
    return "\n".join(
        part.get_content() for part in parsed.walk() if part.get_content_maintype() == "text"
    )


def assert_on_base_url(message) -> None:
    parsed = sent(message)
    assert parsed["Message-ID"].endswith(f"@{DOMAIN}>"), parsed["Message-ID"]
    text = text_of(parsed)
    links = URL.findall(text)
    assert links, "the mail has a link"
    assert [link for link in links if not link.startswith(f"{BASE}/")] == []
    assert "127.0.0.1" not in text and "localhost" not in text


def test_django_mails_get_a_message_id_on_the_products_domain(db):
    send_mail("Sujet", "Texte", None, ["a@example.org"])
    [message] = mail.outbox
    assert sent(message)["Message-ID"].endswith(f"@{DOMAIN}>")


def test_an_invitation_to_join_a_team_links_to_the_products_address(
    owner, django_capture_on_commit_callbacks
):
    client = Client(HTTP_HOST="127.0.0.1:8000")  # behind a proxy: the proxy's address
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("core:member_invite"),
            {
                "email": "nora@example.org",
                "first_name": "Nora",
                "last_name": "N",
                "role": Role.COORDINATOR,
            },
        )
    [message] = mail.outbox
    assert_on_base_url(message)


def test_a_password_reset_links_to_the_products_address_not_the_requests_host(member):
    Client(HTTP_HOST="127.0.0.1:8000").post("/comptes/password/reset/", {"email": member.email})
    [message] = mail.outbox
    assert_on_base_url(message)
    assert f"{BASE}/comptes/password/reset/key/" in text_of(sent(message))
    # Signed by the product, not by whatever host the request named.
    assert DOMAIN in text_of(sent(message))


def test_addresses_are_built_in_one_place_only():
    """`core.links.absolute_url` is the one way to write the product's address: nothing else
    reads MAILLAGE_BASE_URL, and nothing builds an address on the request's host."""
    root = Path(__file__).resolve().parents[2] / "maillage"
    allowed = {root / "core" / "links.py", root / "core" / "checks.py", root / "settings.py"}
    offenders = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*"))
        if path.suffix in {".py", ".html", ".txt"}
        and path not in allowed
        and re.search(
            r"settings\.MAILLAGE_BASE_URL|build_absolute_uri|base_url }}", path.read_text()
        )
    ]
    assert offenders == []


def test_an_international_domain_is_written_in_ascii_in_links_and_message_ids(settings):
    """An address on an accented domain still fits the one-click unsubscribe header, which
    only takes ASCII, and a Message-ID."""
    from maillage.core.links import absolute_url
    from maillage.core.mail import unencoded_header

    settings.MAILLAGE_BASE_URL = "https://réseau-jeunesse.example.be:8443/"
    link = absolute_url("/o/amo/lettre/desinscription/jeton/")
    assert (
        link == "https://xn--rseau-jeunesse-bkb.example.be:8443/o/amo/lettre/desinscription/jeton/"
    )
    assert unencoded_header("List-Unsubscribe", f"<{link}>") == f"<{link}>"
    send_mail("Sujet", "Texte", None, ["a@example.org"])
    assert sent(mail.outbox[0])["Message-ID"].endswith("@xn--rseau-jeunesse-bkb.example.be>")
