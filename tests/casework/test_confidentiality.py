"""The confidentiality matrix (DESIGN.md mechanism 2): each role × each follow-up page and
action, with what it must give.

- full: the page shows everything; an action is done (and its row is there).
- existence: the page shows that the follow-up exists, none of its contents; actions 403.
- 404: the follow-up does not exist for this reader. 403: no permission to work with young
  people at all.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.casework.models import Consent, FollowUp, Intervention, Referral, Status
from maillage.core.audit_models import AuditEvent
from tests.casework.conftest import CLOSE_REASON, SECRETS, THEME_LABELS, today

FULL, EXISTENCE = "full", "existence"

ROLES = {
    "member": FULL,  # the assigned worker
    "colleague": 404,  # a worker of the same organisation, not assigned
    "coordinator": EXISTENCE,
    "director": EXISTENCE,
    "glass_coordinator": FULL,  # the coordinator after breaking the glass
    "outside_worker": 404,  # a worker of another organisation
    "dpo": 403,
}


def _intervention(followup, org_c):
    return (
        "intervention_create",
        {
            "intervention-date": today().isoformat(),
            "intervention-duration_minutes": "30",
            "intervention-kind": "information",
            "intervention-notes": "Nouvelles notes",
        },
        lambda: Intervention.objects.filter(followup=followup).count() == 2,
    )


def _consent(followup, org_c):
    return (
        "consent_create",
        {
            "consent-shared_with": str(org_c.pk),
            "consent-scope": "existence",
            "consent-given_on": today().isoformat(),
        },
        lambda: Consent.objects.filter(followup=followup, shared_with=org_c).exists(),
    )


def _referral(followup, org_c):
    # The consent to share with B exists (fixture `consent`): the referral goes to B.
    return (
        "referral_create",
        {
            "referral-to_organisation": str(followup.consents.get().shared_with_id),
            "referral-sent_on": today().isoformat(),
        },
        lambda: Referral.objects.filter(followup=followup).exists(),
    )


def _close(followup, org_c):
    return (
        "followup_close",
        {
            "close-version": str(followup.version),
            "close-closed_on": today().isoformat(),
            "close-outcome": "goal_reached",
            "close-reason": CLOSE_REASON,
        },
        lambda: FollowUp.objects.get(pk=followup.pk).status == Status.CLOSED,
    )


ACTIONS = {
    "intervention": _intervention,
    "consent": _consent,
    "referral": _referral,
    "close": _close,
}


@pytest.fixture
def org_c(make_org):
    return make_org("CPMS Gamma", "cpms")


def _login(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
def test_follow_up_page(client, request, followup, consent, role):
    _login(client, request, role)
    response = client.get(reverse("casework:followup", kwargs={"pk": followup.pk}))
    expected = ROLES[role]
    if expected in (403, 404):
        assert response.status_code == expected
        return
    html = response.content.decode()
    assert response.status_code == 200
    if expected == FULL:
        assert all(secret in html for secret in SECRETS)
        assert any(label in html for label in THEME_LABELS)
        assert "Maison Beta" in html  # the consent
        return
    # Existence: initials, worker, dates, status, and the way to break the glass; no content.
    assert "Y.E." in html and "Yasmine" not in html and "El Amrani" not in html
    assert "Malik" in html  # the assigned worker
    assert followup.opened_on.strftime("%d/%m/%Y") in html
    assert reverse("casework:followup_break_glass", kwargs={"pk": followup.pk}) in html
    for secret in SECRETS:
        assert secret not in html
    assert not any(label in html for label in THEME_LABELS)
    assert "Maison Beta" not in html  # consents are not shown
    event = AuditEvent.objects.filter(action="casework.followup.viewed").latest("pk")
    assert event.changes == {"access": "existence"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_follow_up_actions(client, request, followup, consent, org_c, role, action):
    _login(client, request, role)
    name, data, done = ACTIONS[action](followup, org_c)
    response = client.post(reverse(f"casework:{name}", kwargs={"pk": followup.pk}), data)
    expected = ROLES[role]
    if expected == FULL:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert done()
    else:
        assert response.status_code == (403 if expected == EXISTENCE else expected)
        assert not done()


@pytest.mark.parametrize("role", ["coordinator", "director"])
def test_broken_glass_opens_the_follow_up_for_an_hour_only(client, request, followup, role):
    from maillage.casework.glass import followup_break_glass
    from maillage.casework.models import BreakGlass

    user = _login(client, request, role)
    followup_break_glass(user=user, followup=followup, reason="Remplacement pendant un congé")
    url = reverse("casework:followup", kwargs={"pk": followup.pk})
    assert SECRETS[0] in client.get(url).content.decode()
    BreakGlass.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(minutes=1))
    html = client.get(url).content.decode()
    assert SECRETS[0] not in html and "Y.E." in html


def test_assigned_workers_see_who_broke_the_glass_when_and_why(
    client, member, glass_coordinator, followup
):
    client.force_login(member)
    html = client.get(reverse("casework:followup", kwargs={"pk": followup.pk})).content.decode()
    assert "Cora" in html
    assert "Absence prolongée de l" in html  # the reason typed by the coordinator


def test_every_display_of_a_follow_up_is_in_the_access_log(client, member, coordinator, followup):
    url = reverse("casework:followup", kwargs={"pk": followup.pk})
    client.force_login(member)
    client.get(url)
    client.force_login(coordinator)
    client.get(url)
    events = AuditEvent.objects.filter(action="casework.followup.viewed").order_by("pk")
    assert [(e.actor, e.kind, e.changes) for e in events] == [
        (member, "read", {"access": "full"}),
        (coordinator, "read", {"access": "existence"}),
    ]
    assert {e.target_id for e in events} == {str(followup.pk)}


def test_caseload_shows_oversight_the_existence_of_team_follow_ups_only(
    client, coordinator, followup
):
    client.force_login(coordinator)
    html = client.get(reverse("casework:caseload")).content.decode()
    assert "Y.E." in html and "Malik" in html
    assert "Yasmine" not in html
    for secret in SECRETS:
        assert secret not in html


def test_a_field_worker_sees_nothing_of_a_colleague_s_follow_ups(client, colleague, followup):
    client.force_login(colleague)
    for name in ("caseload", "request_list"):
        html = client.get(reverse(f"casework:{name}")).content.decode()
        assert "Y.E." not in html and "Yasmine" not in html
    assert not FollowUp.objects.visible_to(colleague).exists()
    assert not Intervention.objects.visible_to(colleague).exists()


def test_requests_of_a_follow_up_are_as_confidential_as_the_follow_up(
    coordinator, member, colleague, followup
):
    from maillage.casework.models import Request

    assert list(Request.objects.visible_to(member)) == [followup.request]
    assert not Request.objects.visible_to(colleague).exists()
    assert not Request.objects.visible_to(coordinator).exists()


def test_after_breaking_the_glass_the_request_opens_too(glass_coordinator, followup):
    from maillage.casework.models import Request

    assert list(Request.objects.visible_to(glass_coordinator)) == [followup.request]


def test_who_broke_the_glass_is_seen_only_by_who_may_open_the_follow_up(
    glass_coordinator, member, colleague, director, followup
):
    from maillage.casework.models import BreakGlass

    assert BreakGlass.objects.visible_to(member).count() == 1
    assert BreakGlass.objects.visible_to(glass_coordinator).count() == 1
    assert not BreakGlass.objects.visible_to(colleague).exists()
    assert not BreakGlass.objects.visible_to(director).exists()
