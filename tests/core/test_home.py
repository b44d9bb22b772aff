from django.urls import reverse

from maillage.core.roles import Role


def test_home_requires_sign_in(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_home_greets_member_in_french_with_organisation_and_role(login, member, org_a):
    response = login(member).get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bonjour Malik" in html
    assert org_a.name in html
    assert str(Role.FIELD_WORKER.label) in html
