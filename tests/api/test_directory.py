"""GET /organisations and /services: the public directory, without a token; pagination."""

import pytest

from maillage.core.models import Organisation
from maillage.directory.models import Service, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(org_a, org_b, commune):
    made = []
    for org, name, published in [
        (org_a, "Soutien scolaire", True),
        (org_a, "Brouillon interne", False),
        (org_b, "Ecole de devoirs", True),
    ]:
        service = Service.objects.create(
            organisation=org, name=name, theme=Theme.SCHOOLING_SUPPORT, is_published=published
        )
        service.communes.set([commune])
        made.append(service)
    return made


def test_organisations_lists_the_active_ones_with_their_public_details(anon, org_a, org_b):
    Organisation.objects.filter(pk=org_b.pk).update(is_active=False, email="b@example.org")
    Organisation.objects.filter(pk=org_a.pk).update(email="contact@a.example", phone="02 000")
    body = anon.get("/organisations").json()
    assert body["count"] == 1
    [row] = body["items"]
    assert row == {
        "id": org_a.pk,
        "name": "AMO Alpha",
        "kind": "amo",
        "commune": "Saint-Gilles",
        "postcode": "",
        "website": "",
        "email": "contact@a.example",
        "phone": "02 000",
    }
    assert anon.get(f"/organisations/{org_a.pk}").json()["name"] == "AMO Alpha"
    assert anon.get(f"/organisations/{org_b.pk}").status_code == 404


def test_organisations_filter_by_kind_commune_and_words(anon, org_a, org_b):
    assert anon.get("/organisations", kind="amo").json()["count"] == 1
    assert anon.get("/organisations", commune="saint-gilles").json()["count"] == 2
    assert anon.get("/organisations", commune="Uccle").json()["count"] == 0
    assert [o["name"] for o in anon.get("/organisations", q="beta").json()["items"]] == [
        "Maison Beta"
    ]
    assert anon.get("/organisations", kind="nope").status_code == 422


def test_services_are_the_published_offer_only(anon, services):
    body = anon.get("/services").json()
    assert [s["name"] for s in body["items"]] == ["Ecole de devoirs", "Soutien scolaire"]
    draft = services[1]
    assert anon.get(f"/services/{draft.pk}").status_code == 404
    one = anon.get(f"/services/{services[0].pk}").json()
    assert one["communes"] == ["Saint-Gilles"] and one["organisation"]["name"] == "AMO Alpha"


def test_services_filter_by_theme_commune_age_and_text(anon, services):
    assert anon.get("/services", theme="sport").json()["count"] == 0
    assert anon.get("/services", commune="Saint-Gilles").json()["count"] == 2
    assert anon.get("/services", commune="Nulle-part").json()["count"] == 0
    assert anon.get("/services", q="ecole").json()["count"] == 1
    assert anon.get("/services", age=10).json()["count"] == 2


def test_pagination_is_bounded_and_stable(anon, make_org):
    for n in range(5):
        make_org(f"Org {n}")
    first = anon.get("/organisations", limit=2).json()
    second = anon.get("/organisations", limit=2, offset=2).json()
    assert first["count"] == 5 and len(first["items"]) == 2
    assert {o["id"] for o in first["items"]}.isdisjoint({o["id"] for o in second["items"]})
    assert anon.get("/organisations", limit=101).status_code == 422
    assert anon.get("/organisations", limit=0).status_code == 422
    assert anon.get("/organisations", offset=-1).status_code == 422
    bad = anon.get("/organisations", limit="dix")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "limit"
    assert anon.get("/organisations", offset=100).json()["items"] == []
