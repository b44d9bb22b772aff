"""Bad input: a French message at the field, and nothing saved, not even half-way."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse

from maillage.casework.models import Assignment, FollowUp, Intervention, Referral, Request
from tests.casework.conftest import today, version

TOMORROW = (today() + timedelta(days=1)).isoformat()


def _field_error(html, field_id, message):
    """The message is in the field's own error list, which the field points to, and the
    form announces that there are errors."""
    start = html.index(f'<ul class="errorlist" id="{field_id}_error">')
    assert message in html[start : html.index("</ul>", start)]
    assert re.search(f'aria-describedby="[^"]*{re.escape(field_id)}_error', html)
    assert 'role="alert"' in html


def test_a_follow_up_without_worker_is_refused(client, member, pending_request):
    client.force_login(member)
    before = FollowUp.objects.count()
    response = client.post(
        reverse("casework:followup_create", kwargs={"pk": pending_request.pk}),
        {"opened_on": today().isoformat(), "next_step": "Appeler"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    _field_error(html, "id_workers", "Un accompagnement a besoin d’au moins un·e intervenant·e.")
    assert FollowUp.objects.count() == before


def test_a_request_recorded_with_a_follow_up_without_worker_saves_nothing(client, member, person):
    client.force_login(member)
    before = (Request.objects.count(), FollowUp.objects.count())
    response = client.post(
        reverse("casework:request_create") + f"?jeune={person.pk}",
        {
            "received_on": today().isoformat(),
            "requester": "young_person",
            "themes": ["family"],
            "open_followup": "on",
            "person": person.pk,
        },
    )
    html = response.content.decode()
    _field_error(html, "id_workers", "Un accompagnement a besoin d’au moins un·e intervenant·e.")
    assert (Request.objects.count(), FollowUp.objects.count()) == before


def test_the_last_worker_cannot_be_removed(client, member, followup):
    client.force_login(member)
    response = client.post(
        reverse("casework:followup_unassign", kwargs={"pk": followup.pk}),
        {"version": version(followup), "worker": member.pk},
        follow=True,
    )
    assert "Un accompagnement a besoin d’au moins un·e intervenant·e." in response.content.decode()
    assert Assignment.objects.filter(followup=followup).count() == 1
    assert version(followup) == followup.version


def test_a_referral_without_consent_is_blocked_at_the_field(client, member, followup, org_b):
    client.force_login(member)
    response = client.post(
        reverse("casework:referral_create", kwargs={"pk": followup.pk}),
        {"referral-to_organisation": org_b.pk, "referral-sent_on": today().isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200
    _field_error(
        html,
        "id_referral-to_organisation",
        "Le ou la jeune n’a consenti à aucun partage avec Maison Beta : "
        "enregistrez d’abord son consentement.",
    )
    assert not Referral.objects.exists()


def test_a_withdrawn_consent_no_longer_allows_a_referral(client, member, consent, org_b):
    client.force_login(member)
    client.post(
        reverse("casework:consent_withdraw", kwargs={"pk": consent.pk}),
        {f"withdraw-{consent.pk}-withdrawn_on": today().isoformat()},
    )
    response = client.post(
        reverse("casework:referral_create", kwargs={"pk": consent.followup_id}),
        {"referral-to_organisation": org_b.pk, "referral-sent_on": today().isoformat()},
    )
    assert "n’a consenti à aucun partage avec Maison Beta" in response.content.decode()
    assert not Referral.objects.exists()


def test_an_intervention_on_a_closed_follow_up_is_refused(client, member, followup):
    client.force_login(member)
    client.post(
        reverse("casework:followup_close", kwargs={"pk": followup.pk}),
        {
            "close-version": followup.version,
            "close-closed_on": today().isoformat(),
            "close-outcome": "goal_reached",
            "close-reason": "Objectif atteint",
        },
    )
    before = Intervention.objects.count()
    response = client.post(
        reverse("casework:intervention_create", kwargs={"pk": followup.pk}),
        {
            "intervention-date": today().isoformat(),
            "intervention-duration_minutes": "30",
            "intervention-kind": "listening",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Cet accompagnement est clôturé : rouvrez-le pour noter un entretien." in html
    assert Intervention.objects.count() == before


def test_a_stale_form_posted_twice_changes_nothing_the_second_time(client, member, followup):
    client.force_login(member)
    url = reverse("casework:followup_close", kwargs={"pk": followup.pk})
    data = {
        "close-version": followup.version,
        "close-closed_on": today().isoformat(),
        "close-outcome": "goal_reached",
        "close-reason": "Objectif atteint",
    }
    assert client.post(url, data).status_code == 302
    closed = FollowUp.objects.get(pk=followup.pk)
    response = client.post(url, {**data, "close-outcome": "no_contact"}, follow=True)
    assert "Ce suivi a été modifié entre-temps" in response.content.decode()
    again = FollowUp.objects.get(pk=followup.pk)
    assert (again.version, again.outcome, again.closed_on) == (
        closed.version,
        "goal_reached",
        closed.closed_on,
    )


def test_a_form_shown_before_a_colleague_s_change_is_refused(client, member, followup):
    """The next step form was shown at version 1; a pause happened since."""
    client.force_login(member)
    shown = followup.version
    client.post(reverse("casework:followup_pause", kwargs={"pk": followup.pk}), {"version": shown})
    response = client.post(
        reverse("casework:followup_next_step", kwargs={"pk": followup.pk}),
        {"next-version": shown, "next-next_step": "Écraser l’étape"},
        follow=True,
    )
    assert "Ce suivi a été modifié entre-temps" in response.content.decode()
    assert FollowUp.objects.get(pk=followup.pk).next_step != "Écraser l’étape"


def test_dates_in_the_future_are_refused_at_their_field(client, member, followup):
    client.force_login(member)
    before = Intervention.objects.count()
    response = client.post(
        reverse("casework:intervention_create", kwargs={"pk": followup.pk}),
        {
            "intervention-date": TOMORROW,
            "intervention-duration_minutes": "30",
            "intervention-kind": "listening",
        },
    )
    _field_error(
        response.content.decode(), "id_intervention-date", "La date ne peut pas être dans le futur."
    )
    assert Intervention.objects.count() == before

    response = client.post(
        reverse("casework:request_create"),
        {
            "received_on": TOMORROW,
            "requester": "young_person",
            "themes": ["family"],
            "identity": "anonymous",
            "age_band": "15-17",
        },
    )
    _field_error(
        response.content.decode(), "id_received_on", "La date ne peut pas être dans le futur."
    )
    assert Request.objects.count() == 1  # the fixture's


def test_a_birth_date_in_the_future_saves_neither_person_nor_request(client, member):
    from maillage.people.models import Person

    client.force_login(member)
    response = client.post(
        reverse("casework:request_create"),
        {
            "received_on": today().isoformat(),
            "requester": "young_person",
            "themes": ["family"],
            "identity": "new",
            "person-first_name": "Noa",
            "person-last_name": "Lambert",
            "person-birth_date": TOMORROW,
            "open_followup": "on",
            "workers": [member.pk],
        },
    )
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Person.objects.exists() and not Request.objects.exists()


def test_a_request_without_theme_is_refused(client, member):
    client.force_login(member)
    response = client.post(
        reverse("casework:request_create"),
        {
            "received_on": today().isoformat(),
            "requester": "young_person",
            "identity": "anonymous",
            "age_band": "15-17",
        },
    )
    assert "Choisissez au moins une thématique." in response.content.decode()
    assert not Request.objects.exists()
