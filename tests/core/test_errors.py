import pytest
from django.test import Client, override_settings
from django.urls import path

from maillage.core.permissions import public_view


@public_view
def boom(request):
    raise RuntimeError("internal detail that must not leak")


urlpatterns = [path("boom/", boom)]


def test_unknown_url_shows_french_404_without_details(client, db):
    response = client.get("/nexiste/pas/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in html
    assert "Traceback" not in html and "urlpatterns" not in html


def test_unknown_url_for_signed_in_user_keeps_the_layout(login, member):
    html = login(member).get("/espace/inconnu/").content.decode()
    assert "Page introuvable" in html
    assert "Navigation principale" in html


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_shows_french_page_without_stack_trace(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Erreur du serveur" in html
    assert "internal detail" not in html and "Traceback" not in html


@pytest.mark.parametrize(
    "url", ["/equipe/abc/", "/taches/not-a-uuid/", "/equipe/99999999999999999999/"]
)
def test_malformed_ids_in_urls_are_404_not_500(login, owner, url):
    assert login(owner).get(url).status_code == 404
