"""The quick form of the follow-up page: HTMX returns the new row without reloading."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.urls import reverse

from maillage.casework.models import Intervention
from maillage.core.audit_models import AuditEvent
from tests.casework.conftest import today

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "intervention-list"}


def _data(**extra):
    data = {
        "intervention-date": today().isoformat(),
        "intervention-duration_minutes": "50",
        "intervention-kind": "school_meeting",
        "intervention-present": "La jeune, l'éducatrice de l'école",
        "intervention-notes": "Rencontre avec l'école : plan d'accrochage",
        "intervention-form_token": str(uuid.uuid4()),
    }
    return {**data, **extra}


def _url(followup):
    return reverse("casework:intervention_create", kwargs={"pk": followup.pk})


def test_htmx_post_returns_only_the_new_row_and_a_fresh_form(client, member, followup):
    client.force_login(member)
    response = client.post(_url(followup), _data(), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<main" not in html
    assert html.lstrip().startswith("<li")
    assert "Rencontre avec l&#x27;école : plan d&#x27;accrochage" in html
    # The form comes back empty, with a new token, swapped out of band; a status is spoken.
    assert 'id="intervention-form"' in html and 'data-hx-swap-oob="true"' in html
    assert "plan d&#x27;accrochage</textarea>" not in html
    assert 'id="intervention-status" data-hx-swap-oob="innerHTML"' in html
    intervention = Intervention.objects.latest("pk")
    assert intervention.author == member and intervention.duration_minutes == 50
    event = AuditEvent.objects.filter(action="casework.intervention.logged").latest("pk")
    assert "plan d" not in str(event.changes)


def test_without_javascript_the_form_posts_and_comes_back_to_the_page(client, member, followup):
    client.force_login(member)
    response = client.post(_url(followup), _data())
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:followup", kwargs={"pk": followup.pk}) + (
        "#interventions"
    )
    assert Intervention.objects.filter(followup=followup).count() == 2


def test_htmx_errors_come_back_in_the_form_fragment_in_french(client, member, followup):
    client.force_login(member)
    before = Intervention.objects.count()
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = client.post(_url(followup), _data(**{"intervention-date": tomorrow}), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#intervention-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith("<form")
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert "La date ne peut pas être dans le futur." in html
    assert Intervention.objects.count() == before


def test_the_same_quick_form_posted_twice_logs_once(client, member, followup):
    client.force_login(member)
    data = _data()
    client.post(_url(followup), data, **HTMX)
    response = client.post(_url(followup), data, **HTMX)
    assert "Ce formulaire a déjà été enregistré." in response.content.decode()
    assert Intervention.objects.filter(followup=followup).count() == 2  # the fixture's and one


def test_interventions_are_listed_newest_first_with_their_notes(client, member, followup):
    client.force_login(member)
    client.post(_url(followup), _data())
    html = client.get(reverse("casework:followup", kwargs={"pk": followup.pk})).content.decode()
    assert html.index("plan d&#x27;accrochage") < html.index("Secret-notes")
