"""The public social offer: no account, published services only, the same search."""

from __future__ import annotations

from django.urls import reverse

from maillage.directory.models import Theme


def test_public_list_needs_no_account(client, service, draft):
    response = client.get(reverse("directory:public_list"))
    assert response.status_code == 200
    assert service.name in response.text
    assert draft.name not in response.text
    assert service.get_public_url() in response.text
    assert "leaflet.js" in response.text


def test_public_search_by_theme_and_commune(client, service, make_service, commune):
    make_service(name="Club de boxe", theme=Theme.SPORT, communes=[])
    response = client.get(
        reverse("directory:public_list"), {"theme": Theme.SPORT, "commune": commune.pk}
    )
    assert "Club de boxe" not in response.text
    assert service.name not in response.text
    response = client.get(
        reverse("directory:public_list"),
        {"theme": Theme.SCHOOLING_SUPPORT, "commune": commune.pk},
    )
    assert service.name in response.text


def test_bad_filter_is_explained(client, service):
    response = client.get(reverse("directory:public_list"), {"age": "deux"})
    assert response.status_code == 200
    assert "Saisissez un nombre entier." in response.text


def test_public_htmx_partial(client, service):
    response = client.get(
        reverse("directory:public_list"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="service-results",
    )
    assert "<h1" not in response.text
    assert service.name in response.text


def test_public_service_page(client, service):
    response = client.get(service.get_public_url())
    assert response.status_code == 200
    assert "Rue Haute 1" in response.text
    assert "edd@alpha.example" in response.text


def test_a_draft_has_no_public_page(client, draft):
    assert client.get(draft.get_public_url()).status_code == 404


def test_map_points_link_to_public_pages_and_skip_unlocated(client, service, make_service):
    make_service(name="Sans adresse")
    response = client.get(reverse("directory:public_list"))
    points = response.context["points"]
    assert [p["name"] for p in points] == [service.name]
    assert points[0]["url"] == service.get_public_url()
    assert points[0]["lat"] == 50.84


def test_without_javascript_the_map_stays_hidden_and_the_list_is_there(client, service):
    text = client.get(reverse("directory:public_list")).text
    assert "hidden data-map-box" in text
    assert f'id="service-{service.pk}"' in text


def test_the_tile_server_is_allowed_by_the_content_security_policy(client, settings, service):
    response = client.get(reverse("directory:public_list"))
    assert (
        "img-src 'self' data: https://tile.openstreetmap.org" in response["Content-Security-Policy"]
    )
    assert f'data-tiles="{settings.MAILLAGE_MAP_TILE_URL}"' in response.text
