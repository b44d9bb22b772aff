"""The follow-up page is a small shell: its forms are folded and loaded when opened, it shows
the latest interventions and brings the older ones when asked (issue 18). Without JavaScript
every folded part is a page of its own; every display is in the access log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.casework import services
from maillage.casework.models import Intervention
from maillage.casework.queries import OLDER_INTERVENTIONS, RECENT_INTERVENTIONS
from maillage.core.audit_models import AuditEvent
from tests.casework.conftest import NEXT_STEP, NOTES, today

HTMX = {"HTTP_HX_REQUEST": "true"}
# (url name, a field of the form, its <summary> in French)
FORMS = [
    ("followup_next_step", 'name="next-next_step"', "Modifier la prochaine étape"),
    ("intervention_create", 'name="intervention-duration_minutes"', "Noter un entretien"),
    ("followup_assign", 'name="assign-worker"', "Ajouter un·e intervenant·e"),
    ("consent_create", 'name="consent-shared_with"', "Enregistrer un consentement"),
    ("referral_create", 'name="referral-to_organisation"', "Orienter vers un autre service"),
    ("followup_close", 'name="close-reason"', "Clôturer l’accompagnement"),
]


def _url(name, followup, **query):
    url = reverse(f"casework:{name}", kwargs={"pk": followup.pk})
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def _page(client, followup):
    return client.get(_url("followup", followup)).content.decode()


def _log(followup, n, start=None):
    """`n` interventions of `followup`, one a day from `start`, the newest last."""
    start = start or today() - timedelta(days=200)
    return Intervention.objects.bulk_create(
        Intervention(
            organisation_id=followup.organisation_id,
            followup=followup,
            date=start + timedelta(days=i),
            duration_minutes=20,
            kind="listening",
            notes=f"note-{i:03d}",
            author_id=followup.workers.first().pk,
        )
        for i in range(n)
    )


def _ids(html):
    return [int(pk) for pk in re.findall(r'<li id="intervention-(\d+)"', html)]


def test_the_page_folds_its_forms_with_a_link_to_each_and_builds_none(
    client, member, followup, org_b
):
    client.force_login(member)
    html = _page(client, followup)
    for name, field, summary in FORMS:
        url = _url(name, followup)
        # Opened, the <details> asks for the form (HTMX); without JavaScript it links to it.
        assert f'data-hx-get="{url}" data-hx-trigger="toggle once"' in html, name
        assert f'<a href="{url}">{summary}</a>' in html, name
        assert field not in html, name  # the form itself is not on the page
    assert "Maison Beta" not in html  # the organisation lists are not built either


@pytest.mark.parametrize(("name", "field", "summary"), FORMS)
def test_each_folded_form_is_a_fragment_with_htmx_and_a_page_without(
    client, member, followup, name, field, summary
):
    client.force_login(member)
    fragment = client.get(_url(name, followup), **HTMX)
    html = fragment.content.decode()
    assert fragment.status_code == 200 and fragment["Cache-Control"] == "no-store, private"
    assert "<html" not in html and html.lstrip().startswith("<form")
    assert field in html and "csrfmiddlewaretoken" in html
    assert html.count(" autofocus") == 1  # the keyboard lands in the form it opened
    page = client.get(_url(name, followup)).content.decode()
    assert page.startswith("<!DOCTYPE html>") and f"<h1>{summary}</h1>" in page
    assert f'action="{_url(name, followup)}"' in page
    if name == "followup_next_step":
        assert NEXT_STEP in html  # to change, the current next step


def test_a_form_opened_is_a_read_of_the_follow_up_in_the_access_log(client, member, followup):
    client.force_login(member)
    before = AuditEvent.objects.filter(action="casework.followup.viewed").count()
    client.get(_url("followup_next_step", followup), **HTMX)
    client.get(_url("intervention_list", followup), **HTMX)
    events = AuditEvent.objects.filter(action="casework.followup.viewed").order_by("pk")
    assert events.count() == before + 2
    parts = [(e.changes, e.target_id, e.organisation_id) for e in events[before:]]
    assert parts == [
        ({"access": "full", "part": "next_step_form"}, str(followup.pk), followup.organisation_id),
        ({"access": "full", "part": "interventions"}, str(followup.pk), followup.organisation_id),
    ]


def test_a_form_posted_with_errors_is_open_on_the_page_with_the_wrong_field_focused(
    client, member, followup
):
    client.force_login(member)
    response = client.post(
        _url("followup_next_step", followup),
        {
            "next-version": followup.version,
            "next-next_step": "x",
            "next-next_step_due": "31/02/2026",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<details open>" in html
    assert re.search(r'<input type="date" name="next-next_step_due"[^>]*autofocus', html)
    assert html.count("<details open>") == 1  # the other forms stay folded


def test_the_page_shows_the_latest_interventions_and_links_to_older_ones(client, member, followup):
    _log(followup, 30)
    client.force_login(member)
    html = _page(client, followup)
    newest = list(Intervention.objects.filter(followup=followup).order_by("-date", "-pk")[:50])
    assert _ids(html) == [i.pk for i in newest[:RECENT_INTERVENTIONS]]
    last = newest[RECENT_INTERVENTIONS - 1]
    older = _url("intervention_list", followup, avant=f"{last.date.isoformat()}.{last.pk}")
    assert f'<a href="{older}" data-hx-get="{older}"' in html


def test_older_interventions_come_a_page_at_a_time_to_the_last(client, member, followup):
    _log(followup, RECENT_INTERVENTIONS + OLDER_INTERVENTIONS + 5)
    everything = list(
        Intervention.objects.filter(followup=followup)
        .order_by("-date", "-pk")
        .values_list("pk", flat=True)
    )
    client.force_login(member)
    seen = _ids(_page(client, followup))
    url = re.search(r'<p id="older-interventions"><a href="([^"]+)"', _page(client, followup))[1]
    pages = 0
    while url:
        fragment = client.get(url.replace("&amp;", "&"), **HTMX).content.decode()
        pages += 1
        rows = _ids(fragment)
        assert fragment.count("autofocus") == 1 and 'tabindex="-1" autofocus' in fragment
        assert "<html" not in fragment
        seen += rows
        more = re.search(
            r'<p id="older-interventions" data-hx-swap-oob="true"><a href="([^"]+)"', fragment
        )
        url = more[1] if more else ""
        if not more:  # the link goes away with the last page
            assert '<p id="older-interventions" data-hx-swap-oob="delete"></p>' in fragment
    assert seen == everything and pages == 2


def test_an_intervention_logged_meanwhile_shifts_nothing_in_the_older_ones(
    client, member, followup
):
    _log(followup, 25)
    client.force_login(member)
    first = _ids(_page(client, followup))
    older_url = re.search(r'<a href="([^"]+)" data-hx-get', _page(client, followup))[1]
    services.intervention_log(
        actor=member, followup=followup, date=today(), duration_minutes=5, kind="listening"
    )
    older = _ids(client.get(older_url.replace("&amp;", "&"), **HTMX).content.decode())
    assert not set(first) & set(older)
    assert (
        older[0]
        == Intervention.objects.order_by("-date", "-pk").values_list("pk", flat=True)[
            RECENT_INTERVENTIONS + 1
        ]
    )


@pytest.mark.parametrize("cursor", ["", "demain", "2026-02-31.5", "2026-01-01.x", "1.2.3"])
def test_a_mangled_position_shows_the_newest_interventions(client, member, followup, cursor):
    client.force_login(member)
    response = client.get(_url("intervention_list", followup, avant=cursor))
    html = response.content.decode()
    assert response.status_code == 200 and NOTES in html
    assert "<h1>Entretiens plus anciens</h1>" in html


def test_the_older_interventions_page_without_javascript(client, member, followup):
    _log(followup, 40)
    client.force_login(member)
    html = client.get(_url("intervention_list", followup)).content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert len(_ids(html)) == OLDER_INTERVENTIONS and "autofocus" not in html
    assert "Afficher les entretiens plus anciens" in html


def test_interventions_are_escaped_as_a_template_would(client, member, followup):
    services.intervention_log(
        actor=member,
        followup=followup,
        date=today(),
        duration_minutes=1,
        kind="listening",
        present="<b>Maman</b>",
        notes="<script>alert(1)</script>",
    )
    client.force_login(member)
    html = _page(client, followup)
    assert "<script>alert" not in html and "<b>Maman" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Maman&lt;/b&gt;" in html
    assert "1 minute ·" in html and "20 minutes" not in html


def test_the_page_and_the_older_ones_run_the_same_queries_whatever_their_number(
    client, member, followup
):
    client.force_login(member)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **HTMX).status_code == 200
        return len(queries)

    page, older = _url("followup", followup), _url("intervention_list", followup)
    _log(followup, 3)
    small = count(page), count(older)
    _log(followup, 60, start=today() - timedelta(days=400))
    assert (count(page), count(older)) == small
