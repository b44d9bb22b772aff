"""The network's landing page links to every part of the network that is installed."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from tests.network.conftest import acting  # noqa: F401


def _reverses(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def test_the_landing_page_links_to_the_parts_of_the_network(client, member, placement, agreement):
    client.force_login(member)
    page = client.get(reverse("network:index")).content.decode()
    for name in ("network:placement_list", "network:agreement_list", "network:training_list"):
        assert f'href="{reverse(name)}"' in page
    for name in ("directory:service_list", "concertation:platform_list"):
        url = _reverses(name)
        assert url is None or f'href="{url}"' in page
    assert agreement.title in page


def test_the_landing_page_counts_the_placements_of_today(client, member, host, placement):
    client.force_login(host)
    page = client.get(reverse("network:index")).content.decode()
    assert "1 intervenant·e mis·e à votre disposition" in page
