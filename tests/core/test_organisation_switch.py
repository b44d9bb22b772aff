from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.core.middleware import ORG_SESSION_KEY
from maillage.core.models import Membership
from maillage.core.roles import Role


def test_member_of_two_organisations_switches_and_permissions_follow(login, member, org_a, org_b):
    Membership.objects.create(user=member, organisation=org_b, role=Role.ADMINISTRATOR)
    client = login(member)
    assert client.get(reverse("core:member_invite")).status_code == 403  # field worker in A

    response = client.post(
        reverse("core:organisation_switch"), {"organisation": org_b.pk}, follow=True
    )

    assert org_b.name in response.content.decode()
    assert "Vous travaillez maintenant pour Maison Beta." in response.content.decode()
    assert client.session[ORG_SESSION_KEY] == org_b.pk
    assert client.get(reverse("core:member_invite")).status_code == 200  # administrator in B
    assert AuditEvent.objects.filter(action="core.organisation.switched", actor=member).exists()


def test_forged_organisation_id_is_refused_in_french_and_changes_nothing(
    login, member, org_a, org_b
):
    client = login(member)
    client.get(reverse("core:home"))
    for forged in [str(org_b.pk), "999999", "abc", ""]:
        response = client.post(
            reverse("core:organisation_switch"), {"organisation": forged}, follow=True
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Vous n&#x27;êtes pas membre de cette organisation." in html
        assert org_a.name in html
        assert client.session.get(ORG_SESSION_KEY) is None
    assert not AuditEvent.objects.filter(action="core.organisation.switched").exists()


def test_switcher_lists_only_own_organisations(login, member, org_a, org_b, make_org):
    other = make_org("Troisième maison")
    Membership.objects.create(user=member, organisation=org_b, role=Role.FIELD_WORKER)
    html = login(member).get(reverse("core:home")).content.decode()
    assert 'id="switch-organisation"' in html
    assert org_b.name in html
    assert other.name not in html


def test_user_without_any_membership_is_told_in_french(login, make_user):
    loner = make_user("loner@example.org")
    response = login(loner).get(reverse("core:home"))
    assert response.status_code == 403
    assert "Vous n'êtes membre d'aucune organisation" in response.content.decode()
