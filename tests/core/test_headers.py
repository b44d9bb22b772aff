"""Two headers no answer may lack (core.middleware.PrivacyHeadersMiddleware):

- `Permissions-Policy` on every response, static files included, refusing every browser
  feature but security keys (WebAuthn) on our own pages;
- `Cache-Control: no-store, private` on everything that may show personal data: whatever a
  signed-in person or an API token receives, every page not declared public, every answer to
  a form, a public page that hands out a form. Truly public pages keep their own caching.

The authorisation matrices (tests/authorisation.py) check both on every cell they open.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from maillage.activities import services as activities
from maillage.activities.models import Activity, CalendarFeed
from maillage.activities.views.public import SESSION_KEY
from maillage.core.models import Commune
from tests.authorisation import PRIVATE_CACHE

pytestmark = pytest.mark.django_db


def policy_of(response) -> dict[str, str]:
    return dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))


@pytest.fixture
def activity(org_a, member, commune: Commune) -> Activity:
    from django.utils import timezone

    today = timezone.localdate()
    found = Activity.objects.create(
        organisation=org_a,
        title="Stage nature",
        kind="camp",
        commune=commune,
        starts_on=today,
        ends_on=today + timedelta(days=4),
        is_public=True,
        registration_open=True,
    )
    found.staff.add(member)
    activities.session_add(
        actor=member, activity=found, date=today, starts_at=time(9), ends_at=time(12)
    )
    return found


def test_every_response_refuses_the_browser_features_no_page_uses(client, login, member):
    answers = [
        client.get("/comptes/login/"),
        client.get(reverse("activities:public_calendar")),
        client.get("/static/core/maillage.css"),  # served by WhiteNoise
        client.get("/nulle-part/"),
        client.get(reverse("directory:open_data_csv")),
        login(member).get(reverse("core:home")),
    ]
    for response in answers:
        policy = policy_of(response)
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert policy[feature] == "()", (response.request["PATH_INFO"], feature)
        # Security keys (MFA) are asked for by our pages only.
        assert policy["publickey-credentials-get"] == "(self)"
        assert policy["publickey-credentials-create"] == "(self)"
        assert "interest-cohort" not in policy  # obsolete: browsers warn about it


def test_a_signed_in_persons_pages_and_downloads_are_never_stored(login, member, activity):
    client = login(member)
    for url in (
        reverse("core:home"),
        reverse("activities:activity", args=[activity.pk]),
        reverse("activities:activity_ics", args=[activity.pk]),  # a download
        reverse("activities:public_calendar"),  # public, but to a signed-in person
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PRIVATE_CACHE, url


def test_truly_public_pages_and_static_files_keep_their_own_caching(client, member, activity):
    for url in (
        reverse("activities:public_calendar"),
        reverse("activities:public_activity_ics", args=[activity.pk]),
        "/static/core/maillage.css",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url
    # Open data sets its own public caching, which stays.
    data = client.get(reverse("directory:open_data_csv"))
    assert data["Cache-Control"].startswith("public, max-age=")
    # The worker's secret feed: a calendar application's own cache may keep it a while.
    feed = CalendarFeed.objects.create(user=member, token="w" * 43)
    response = client.get(reverse("activities:worker_feed", args=[feed.token]))
    assert response["Cache-Control"] == "private, max-age=900"


def test_public_forms_and_every_answer_to_a_form_are_never_stored(client, activity):
    form = client.get(reverse("activities:public_register", args=[activity.pk]))
    assert form.status_code == 200
    assert form["Cache-Control"] == PRIVATE_CACHE  # it holds a form
    sign_in = client.get("/comptes/login/")
    assert sign_in["Cache-Control"] == PRIVATE_CACHE
    posted = client.post(reverse("newsletter:subscribe", args=[activity.organisation.slug]), {})
    assert posted["Cache-Control"] == PRIVATE_CACHE
    # What a visitor's own session holds (their registrations) makes a public page theirs.
    session = client.session
    session[SESSION_KEY] = {str(activity.pk): [1]}
    session.save()
    page = client.get(reverse("activities:public_activity", args=[activity.pk]))
    assert page["Cache-Control"] == PRIVATE_CACHE


def test_an_api_answer_to_a_token_is_never_stored(client):
    response = Client().get("/api/v1/registrations", HTTP_AUTHORIZATION="Bearer mlg_inconnu")
    assert response.status_code == 401
    assert response["Cache-Control"] == PRIVATE_CACHE
