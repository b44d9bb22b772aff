"""The public page of one activity and its sessions as .ics; an activity that is not
published is a 404 for everyone on every public page."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.activities import services
from tests.activities.conftest import today
from tests.activities.test_authorisation import PERSONAS
from tests.authorisation import ANON

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "activities:public_activity",
    "activities:public_register",
    "activities:public_thanks",
    "activities:public_activity_ics",
]


def page_url(activity) -> str:
    return reverse("activities:public_activity", kwargs={"pk": activity.pk})


def test_the_page_tells_a_parent_everything_to_decide(client, camp, member, org_a) -> None:
    org_a.phone, org_a.email, org_a.street = "02 123 45 67", "info@alpha.example", "Rue Haute 1"
    org_a.save()
    services.activity_update(
        actor=member, activity=camp, description="Une semaine en forêt.\nPrévoir des bottes."
    )
    tier = camp.price_tiers.get(label="Tarif réduit")
    tier.description = "Pour les familles avec un revenu modeste"
    tier.save()
    response = client.get(page_url(camp))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Stage nature · Activités à venir · Maillage</title>" in html
    assert '<meta name="description" content="Stage de vacances · AMO Alpha' in html
    assert "Une semaine en forêt." in html
    assert "Plein tarif" in html and "60 €" in html
    assert "Pour les familles avec un revenu modeste" in html
    assert "Réduction fratrie : 50 %" in html
    assert "2 places libres" in html
    assert "09:00–16:00" in html  # the session of today
    assert "02 123 45 67" in html and "info@alpha.example" in html and "Rue Haute 1" in html
    assert reverse("activities:public_activity_ics", kwargs={"pk": camp.pk}) in html
    assert reverse("activities:public_register", kwargs={"pk": camp.pk}) in html
    # Nothing about who is registered.
    assert response.context["sessions"] and "registrations" not in response.context


def test_no_registration_link_when_the_form_is_closed_or_the_activity_over(
    client, camp, member, make_activity
) -> None:
    services.activity_update(actor=member, activity=camp, registration_open=False)
    html = client.get(page_url(camp)).content.decode()
    assert reverse("activities:public_register", kwargs={"pk": camp.pk}) not in html
    assert "pas ouvertes" in html
    past = make_activity(title="Atelier passé", starts_on=today() - timedelta(days=20))
    html = client.get(page_url(past)).content.decode()
    assert reverse("activities:public_register", kwargs={"pk": past.pk}) not in html
    assert "terminée" in html


def test_the_page_reads_in_a_constant_number_of_queries(client, camp, member) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(camp)).status_code == 200
        return len(captured)

    few = queries()
    for day in range(1, 5):
        services.session_add(
            actor=member,
            activity=camp,
            date=today() + timedelta(days=day),
            starts_at=time(9),
            ends_at=time(16),
        )
    services.price_tier_add(actor=member, activity=camp, label="Gratuit", amount=Decimal("0"))
    assert queries() == few <= 6


def test_the_sessions_download_as_a_calendar_file(client, camp, member) -> None:
    services.session_add(
        actor=member,
        activity=camp,
        date=today() + timedelta(days=1),
        starts_at=time(9),
        ends_at=time(12),
        place="Parc de Forest",
    )
    response = client.get(reverse("activities:public_activity_ics", kwargs={"pk": camp.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR")
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Stage nature" in body and "LOCATION:Parc de Forest" in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_unpublished_activity_is_not_found_by_anyone(
    client, request, camp, member, persona
) -> None:
    services.activity_update(actor=member, activity=camp, is_public=False)
    if persona != ANON:
        client.force_login(request.getfixturevalue(persona))
    for name in PUBLIC_PAGES:
        url = reverse(name, kwargs={"pk": camp.pk})
        assert client.get(url).status_code == 404, (persona, name)
    register = reverse("activities:public_register", kwargs={"pk": camp.pk})
    assert client.post(register, {}).status_code == 404
    assert camp.title not in client.get(reverse("activities:public_calendar")).content.decode()


def test_an_unknown_activity_is_not_found(client) -> None:
    assert (
        client.get(reverse("activities:public_activity", kwargs={"pk": 999999})).status_code == 404
    )
