import re

import pytest
from django.core import mail
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.core.models import Membership, User
from maillage.core.roles import Role


def test_team_lists_members_of_current_organisation_only(login, member, owner, outsider):
    html = login(member).get(reverse("core:team")).content.decode()
    assert owner.email in html
    assert member.email in html
    assert outsider.email not in html


def test_administrator_adds_new_member_who_receives_an_invitation(
    login, owner, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(owner).post(
            reverse("core:member_invite"),
            {
                "email": "New.Person@Example.org",
                "first_name": "Nora",
                "last_name": "Neuve",
                "role": Role.COORDINATOR,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert Membership.objects.filter(user=user, organisation=org_a, role=Role.COORDINATOR).exists()
    assert not user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert "AMO Alpha" in message.subject
    link = re.search(r"http://\S+", message.body).group(0)
    assert "/comptes/password/reset/key/" in link
    event = AuditEvent.objects.get(action="core.membership.created")
    assert event.actor == owner and event.organisation == org_a


def test_adding_an_existing_role_again_is_refused_in_french(login, owner, member):
    response = login(owner).post(
        reverse("core:member_invite"),
        {"email": member.email, "first_name": "M", "last_name": "M", "role": Role.FIELD_WORKER},
    )
    assert response.status_code == 200
    assert "Cette personne a déjà ce rôle" in response.content.decode()
    assert Membership.objects.filter(user=member).count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    "bad",
    [
        {"email": "not-an-email", "first_name": "A", "last_name": "B", "role": "coordinator"},
        {"email": "a@b.example", "first_name": "", "last_name": "B", "role": "coordinator"},
        {"email": "a@b.example", "first_name": "A", "last_name": "B", "role": "emperor"},
    ],
)
def test_invalid_invitation_shows_french_errors_and_saves_nothing(login, owner, bad):
    before = User.objects.count()
    response = login(owner).post(reverse("core:member_invite"), bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Veuillez corriger les erreurs ci-dessous." in html
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == before


def test_role_change_is_audited(login, owner, member):
    membership = Membership.objects.get(user=member)
    login(owner).post(reverse("core:member_edit", args=[membership.pk]), {"role": Role.COORDINATOR})
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    event = AuditEvent.objects.get(action="core.membership.role_changed")
    assert event.changes == {"role": ["field_worker", "coordinator"]}


def test_last_administrator_cannot_leave_or_be_demoted(login, owner):
    membership = Membership.objects.get(user=owner)
    client = login(owner)
    response = client.post(reverse("core:member_end", args=[membership.pk]), follow=True)
    assert "au moins un·e administrateur·rice" in response.content.decode()
    response = client.post(reverse("core:member_edit", args=[membership.pk]), {"role": "dpo"})
    assert "au moins un·e administrateur·rice" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active and membership.role == Role.ADMINISTRATOR


def test_ended_role_disappears_from_team_and_permissions(login, owner, member, client):
    membership = Membership.objects.get(user=member)
    login(owner).post(reverse("core:member_end", args=[membership.pk]))
    client.force_login(member)
    assert client.get(reverse("core:home")).status_code == 403


def test_organisation_details_update_is_validated_and_audited(login, owner, org_a, commune):
    client = login(owner)
    data = {
        "name": "AMO Alpha bis",
        "kind": "amo",
        "commune": commune.pk,
        "street": "Rue X 1",
        "postcode": "1060",
        "phone": "",
        "email": "not-an-email",
        "website": "",
    }
    response = client.post(reverse("core:organisation_edit"), data)
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.name == "AMO Alpha"
    data["email"] = "contact@alpha.example"
    client.post(reverse("core:organisation_edit"), data)
    org_a.refresh_from_db()
    assert org_a.name == "AMO Alpha bis"
    assert AuditEvent.objects.filter(action="core.organisation.updated").count() == 1


def _org_data(**extra):
    data = {
        "name": "AMO Alpha",
        "kind": "amo",
        "street": "",
        "postcode": "",
        "phone": "",
        "email": "",
        "website": "",
        "commune": "",
        "new_commune": "",
        "new_commune_region": "",
    }
    return {**data, **extra}


def test_organisation_outside_brussels_adds_its_commune(login, owner, org_a):
    from maillage.core.models import Commune

    response = login(owner).post(
        reverse("core:organisation_edit"),
        _org_data(new_commune="  Chimay ", new_commune_region="wallonia"),
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.commune.name == "Chimay" and org_a.commune.region == "wallonia"
    login(owner).post(
        reverse("core:organisation_edit"),
        _org_data(new_commune="chimay", new_commune_region="wallonia"),
    )
    assert Commune.objects.filter(name__iexact="chimay").count() == 1


def test_organisation_needs_a_commune_and_a_region_for_a_new_one(login, owner, org_a):
    from maillage.core.models import Commune

    before = Commune.objects.count()
    client = login(owner)
    html = client.post(reverse("core:organisation_edit"), _org_data()).content.decode()
    assert "Choisissez une commune, ou tapez le nom d’une autre." in html
    html = client.post(
        reverse("core:organisation_edit"), _org_data(new_commune="Chimay")
    ).content.decode()
    assert "Choisissez la région de la nouvelle commune." in html
    assert Commune.objects.count() == before


def test_empty_submission_shows_the_required_fields(login, owner):
    html = login(owner).post(reverse("core:member_invite"), {}).content.decode()
    assert html.count('aria-invalid="true"') == 4


def test_the_administrator_names_the_data_protection_officer_for_the_public_forms(
    login, owner, org_a, commune
):
    client = login(owner)
    data = _org_data(commune=commune.pk, dpo_email="pas-une-adresse")
    html = client.post(reverse("core:organisation_edit"), data).content.decode()
    assert "Saisissez une adresse de courriel valide." in html
    org_a.refresh_from_db()
    assert org_a.dpo_email == ""
    client.post(reverse("core:organisation_edit"), {**data, "dpo_email": "dpo@alpha.example"})
    org_a.refresh_from_db()
    assert org_a.dpo_email == "dpo@alpha.example"
    event = AuditEvent.objects.get(action="core.organisation.updated")
    assert event.changes["dpo_email"] == ["", "dpo@alpha.example"]
