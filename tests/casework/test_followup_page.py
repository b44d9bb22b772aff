"""The follow-up page and the actions on the follow-up itself, through the views."""

from __future__ import annotations

from django.urls import reverse

from maillage.casework.models import Consent, FollowUp, Referral, Status
from maillage.core.audit_models import AuditEvent
from tests.casework.conftest import SECRETS, today, version


def _url(name, obj):
    return reverse(f"casework:{name}", kwargs={"pk": obj.pk})


def test_assigned_worker_sees_everything_of_the_follow_up(client, member, followup, referral):
    client.force_login(member)
    html = client.get(_url("followup", followup)).content.decode()
    for secret in SECRETS:
        assert secret in html
    assert "Yasmine El Amrani" in html
    assert "Maison Beta" in html  # the consent and the referral
    # The quick form is folded, loaded when opened; the fragment posts through HTMX.
    form_url = _url("intervention_create", followup)
    assert f'data-hx-get="{form_url}" data-hx-trigger="toggle once"' in html
    fragment = client.get(form_url, HTTP_HX_REQUEST="true").content.decode()
    assert f'data-hx-post="{form_url}"' in fragment


def test_pause_resume_close_and_reopen(client, member, followup):
    client.force_login(member)

    def post(name, data=None):
        data = data or {"version": version(followup)}
        return client.post(_url(name, followup), data)

    assert post("followup_pause").status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).status == Status.PAUSED
    post("followup_resume")
    assert FollowUp.objects.get(pk=followup.pk).status == Status.OPEN
    post(
        "followup_close",
        {
            "close-version": version(followup),
            "close-closed_on": today().isoformat(),
            "close-outcome": "referred",
            "close-reason": "Orienté·e vers le CPAS",
        },
    )
    closed = FollowUp.objects.get(pk=followup.pk)
    assert (closed.status, closed.outcome, closed.closed_on) == (Status.CLOSED, "referred", today())
    html = client.get(_url("followup", followup)).content.decode()
    assert "Orienté·e vers le CPAS" in html and "Rouvrir l’accompagnement" in html
    post("followup_reopen")
    reopened = FollowUp.objects.get(pk=followup.pk)
    assert (reopened.status, reopened.closed_on, reopened.outcome) == (Status.OPEN, None, "")
    assert reopened.version == followup.version + 4
    actions = list(
        AuditEvent.objects.filter(action__startswith="casework.followup.", kind="write")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "casework.followup.paused",
        "casework.followup.resumed",
        "casework.followup.closed",
        "casework.followup.reopened",
    ]


def test_close_needs_a_reason_and_an_outcome(client, member, followup):
    client.force_login(member)
    response = client.post(
        _url("followup_close", followup),
        {"close-version": followup.version, "close-closed_on": today().isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<details open>" in html  # the close form is shown open with its errors
    assert html.count('aria-invalid="true"') == 2
    assert FollowUp.objects.get(pk=followup.pk).status == Status.OPEN


def test_next_step_is_changed(client, member, followup):
    client.force_login(member)
    client.post(
        _url("followup_next_step", followup),
        {
            "next-version": followup.version,
            "next-next_step": "Accompagner au tribunal",
            "next-next_step_due": today().isoformat(),
        },
    )
    changed = FollowUp.objects.get(pk=followup.pk)
    assert (changed.next_step, changed.next_step_due) == ("Accompagner au tribunal", today())
    html = client.get(_url("followup", followup)).content.decode()
    assert "Pour aujourd’hui" in html


def test_workers_are_added_and_removed_and_a_removed_worker_loses_access(
    client, member, colleague, followup
):
    client.force_login(member)
    client.post(
        _url("followup_assign", followup),
        {"assign-version": version(followup), "assign-worker": colleague.pk},
    )
    assert set(followup.workers.all()) == {member, colleague}
    client.force_login(colleague)
    assert SECRETS[0] in client.get(_url("followup", followup)).content.decode()
    response = client.post(
        _url("followup_unassign", followup), {"version": version(followup), "worker": colleague.pk}
    )
    assert response["Location"] == reverse("casework:caseload")  # they removed themselves
    assert client.get(_url("followup", followup)).status_code == 404


def test_only_members_who_work_with_young_people_can_be_assigned(client, member, dpo, followup):
    client.force_login(member)
    response = client.post(
        _url("followup_assign", followup),
        {"assign-version": version(followup), "assign-worker": dpo.pk},
    )
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert list(followup.workers.all()) == [member]


def test_consent_recorded_withdrawn_and_shown_as_withdrawn(client, member, followup, org_b):
    client.force_login(member)
    client.post(
        _url("consent_create", followup),
        {
            "consent-shared_with": org_b.pk,
            "consent-scope": "interventions",
            "consent-given_on": today().isoformat(),
        },
    )
    consent = Consent.objects.get()
    assert (consent.shared_with, consent.scope, consent.recorded_by) == (
        org_b,
        "interventions",
        member,
    )
    withdraw = {f"withdraw-{consent.pk}-withdrawn_on": today().isoformat()}
    client.post(_url("consent_withdraw", consent), withdraw)
    consent.refresh_from_db()
    assert consent.withdrawn_on == today()
    response = client.post(_url("consent_withdraw", consent), withdraw, follow=True)
    assert "Ce consentement a déjà été retiré." in response.content.decode()
    html = client.get(_url("followup", followup)).content.decode()
    assert f"retiré le {today():%d/%m/%Y}" in html


def test_referral_goes_through_its_statuses(client, member, referral):
    client.force_login(member)
    prefix = f"referral-{referral.pk}-status"
    client.post(_url("referral_status", referral), {prefix: "accepted"})
    client.post(_url("referral_status", referral), {prefix: "ended"})
    assert Referral.objects.get().status == "ended"
    response = client.post(_url("referral_status", referral), {prefix: "sent"})
    assert response.status_code == 200  # not a possible change: the form says so
    assert Referral.objects.get().status == "ended"


def test_the_person_page_fragment_lists_the_follow_ups_the_user_may_know_of(
    client, member, coordinator, followup
):
    url = reverse("casework:person_casework", kwargs={"pk": followup.person_id})
    client.force_login(member)
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and _url("followup", followup) in fragment
    assert "Confidentiel à ses intervenant·es" not in fragment
    client.force_login(coordinator)
    html = client.get(url).content.decode()
    assert "Confidentiel à ses intervenant·es" in html
    for secret in SECRETS:
        assert secret not in html


def test_the_page_query_count_does_not_grow_with_its_contents(client, member, followup, org_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.casework import services

    def grow(n):
        for _ in range(n):
            services.intervention_log(
                actor=member, followup=followup, date=today(), duration_minutes=10, kind="listening"
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("followup", followup)).status_code == 200
        return len(queries)

    client.force_login(member)
    grow(3)
    services.consent_record(
        actor=member, followup=followup, shared_with=org_b, scope="summary", given_on=today()
    )
    small = count()
    grow(30)
    services.consent_record(
        actor=member, followup=followup, shared_with=org_b, scope="existence", given_on=today()
    )
    assert count() == small
