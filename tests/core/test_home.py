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


def test_navigation_offers_each_role_the_pages_it_may_open(login, owner, member, dpo):
    owner_html = login(owner).get(reverse("core:home")).content.decode()
    assert "Équipe" in owner_html and "Ajouter un membre" in owner_html
    assert "Journal d&#x27;audit" not in owner_html and "Journal d'audit" not in owner_html
    dpo_html = login(dpo).get(reverse("core:home")).content.decode()
    assert "Journal d&#x27;audit" in dpo_html  # the menu escapes its labels
    member_html = login(member).get(reverse("core:home")).content.decode()
    assert "Ajouter un membre" not in member_html


def test_statistics_viewer_sees_anonymised_figures_only(login, make_user, org_a, member):
    viewer = make_user("alderman@commune.example", (org_a, Role.STATS_VIEWER))
    client = login(viewer)
    html = client.get(reverse("core:home")).content.decode()
    assert "Équipe par rôle" in html
    assert member.email not in html
    assert client.get(reverse("core:team")).status_code == 403


def test_account_page_lists_own_roles_and_security_settings(login, member, org_b):
    from maillage.core.models import Membership

    Membership.objects.create(user=member, organisation=org_b, role=Role.COORDINATOR)
    html = login(member).get(reverse("core:account")).content.decode()
    assert "AMO Alpha — Intervenant·e de terrain" in html
    assert "Maison Beta — Coordinateur·rice" in html
    assert reverse("mfa_index") in html and reverse("account_change_password") in html


def test_what_cards_share_is_computed_once_per_dashboard_never_longer(login, member):
    """A second dashboard built on the same request asks the database again: the memo of
    the cards lives as long as one dashboard, so it never serves stale counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.core.dashboards import dashboard_for

    request = login(member).get(reverse("core:home")).wsgi_request
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            dashboard_for(request)
        counts.append(len(queries))
    assert counts[0] == counts[1] > 0


def test_a_single_probe_is_not_asked(login, make_user, org_a):
    """A programme coordinator has one card with a probe (the action items): asking it
    would cost the card's own query when it is empty and a query more when it is not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_user("programmes@a.example", (org_a, Role.PROGRAMME_COORDINATOR))
    client = login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
    assert not [q for q in queries if q["sql"].startswith("SELECT EXISTS(")]
    assert [q for q in queries if "concertation_actionitem" in q["sql"]]
