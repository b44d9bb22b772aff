"""No server-side request forgery: https to public addresses only, checked when the
endpoint is saved and again before each send, unless MAILLAGE_WEBHOOK_ALLOW_PRIVATE."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from maillage.core.models import User
from maillage.webhooks import services
from maillage.webhooks.addresses import RefusedAddress, is_public, resolve
from maillage.webhooks.models import Delivery, DeliveryStatus, Endpoint
from tests.webhooks.conftest import Receiver, run_worker


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",  # a cloud's metadata service
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, nothing binds to it
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
    ],
)
def test_private_and_reserved_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["193.191.244.10", "2001:4860:4860::8888"])
def test_internet_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://127.0.0.1/hook", "réseau privé ou local"),
        ("https://localhost:8443/hook", "réseau privé ou local"),
        ("https://[::1]/hook", "réseau privé ou local"),
        ("https://169.254.169.254/latest/meta-data", "réseau privé ou local"),
        ("http://193.191.244.10/hook", "https://"),
        ("ftp://193.191.244.10/hook", "https://"),
        ("https://user:pw@193.191.244.10/hook", "mot de passe"),
        ("https:///hook", "nom de serveur"),
        ("https://193.191.244.10:port/", "URL valide"),
    ],
)
def test_an_address_that_may_not_be_called_is_refused_on_the_url_field(
    url: str, message: str, settings: Any, manager: User, org_a: Any
) -> None:
    settings.MAILLAGE_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as caught:
        services.endpoint_create(
            actor=manager, organisation=org_a, url=url, events=["signal.created"]
        )
    [error] = caught.value.message_dict["url"]
    assert message in error
    assert not Endpoint.objects.exists()


def test_a_public_ip_address_over_https_is_accepted(settings: Any) -> None:
    settings.MAILLAGE_WEBHOOK_ALLOW_PRIVATE = False
    target = resolve("https://193.191.244.10:8443/hooks?a=1")
    assert (target.address, target.port, target.path) == ("193.191.244.10", 8443, "/hooks?a=1")


def test_loopback_is_allowed_when_the_setting_is_on() -> None:
    assert resolve("http://127.0.0.1:9/x").address == "127.0.0.1"


def test_a_name_that_does_not_resolve_is_refused(settings: Any) -> None:
    settings.MAILLAGE_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(RefusedAddress, match="Aucun serveur"):
        resolve("https://nothing-here.invalid/hook")


@pytest.mark.django_db(transaction=True)
def test_a_private_address_is_refused_again_when_sending(
    endpoint: Endpoint, receiver: Receiver, manager: User, settings: Any
) -> None:
    # Saved while allowed (or a name that pointed elsewhere then): checked at each send.
    settings.MAILLAGE_WEBHOOK_ALLOW_PRIVATE = False
    Endpoint.objects.filter(pk=endpoint.pk).update(url=f"https://127.0.0.1:{receiver.port}/")
    delivery = services.endpoint_ping(actor=manager, endpoint=endpoint)
    run_worker()

    assert receiver.received == []
    delivery = Delivery.objects.get(pk=delivery.pk)
    assert delivery.status == DeliveryStatus.ABANDONED  # a ping is tried once
    [attempt] = delivery.tries.all()
    assert attempt.status_code is None
    assert "réseau privé ou local" in attempt.error
