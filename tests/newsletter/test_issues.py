"""Composing an issue: the organisation's news since the last issue and its upcoming public
activities are offered and preselected; the preview shows the mail; bad input is refused in
French with nothing saved; a sent issue is no longer edited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.newsletter import services
from maillage.newsletter.models import Issue, IssueStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(org_a, org_b, make_news, make_activity):
    old = make_news("Ancienne nouvelle", days_ago=40)
    fresh = make_news("Nouvelle fraîche", days_ago=2)
    make_news("Brouillon", published_at=None)
    make_news("Programmée", published_at=timezone.now() + timedelta(days=3))
    make_news("Nouvelle de Beta", organisation=org_b)
    camp = make_activity("Stage nature")
    make_activity("Atelier passé", in_days=-30)
    make_activity("Activité interne", is_public=False)
    make_activity("Stage de Beta", organisation=org_b)
    Issue.objects.create(
        organisation=org_a,
        subject="Numéro précédent",
        status=IssueStatus.SENT,
        sent_at=timezone.now() - timedelta(days=10),
    )
    return {"old": old, "fresh": fresh, "camp": camp}


def test_the_composer_offers_and_preselects_what_is_new_and_upcoming(login, coordinator, content):
    response = login(coordinator).get(reverse("newsletter:issue_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert [p.title for p in form.fields["news"].queryset] == ["Nouvelle fraîche"]
    assert [a.title for a in form.fields["activities"].queryset] == ["Stage nature"]
    assert form.initial["news"] == [content["fresh"]]
    assert form.initial["activities"] == [content["camp"]]
    body = response.content.decode()
    assert "checked" in body and "Stage de Beta" not in body


def test_saving_an_issue_then_previewing_its_mail(login, coordinator, content):
    client = login(coordinator)
    response = client.post(
        reverse("newsletter:issue_create"),
        {
            "subject": "Lettre Infos n° 12",
            "introduction": "Bonne lecture !",
            "news": [content["fresh"].pk],
            "activities": [content["camp"].pk],
        },
    )
    issue = Issue.objects.get(subject="Lettre Infos n° 12")
    assert response["Location"] == reverse("newsletter:issue", args=[issue.pk])
    assert list(issue.news.all()) == [content["fresh"]]
    preview = client.get(reverse("newsletter:issue_preview", args=[issue.pk]))
    html = preview.content.decode()
    assert "Nouvelle fraîche" in html and "Stage nature" in html and "Bonne lecture" in html
    assert "'unsafe-inline'" in preview["Content-Security-Policy"]
    assert "script-src" not in preview["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"subject": ""}, "subject", "Indiquez l&#x27;objet du message"),
        ({"subject": "x" * 201}, "subject", "200"),
        ({"subject": "Ok", "news": ["999999"]}, "news", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(
    login, coordinator, content, data, field, message
):
    response = login(coordinator).post(reverse("newsletter:issue_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not Issue.objects.exclude(status=IssueStatus.SENT).exists()


def test_the_service_refuses_news_of_another_organisation(coordinator, org_a, org_b, make_news):
    from django.core.exceptions import ValidationError

    other = make_news("Chez Beta", organisation=org_b)
    with pytest.raises(ValidationError) as caught:
        services.issue_create(actor=coordinator, organisation=org_a, subject="Test", news=[other])
    assert "actualités publiées de votre organisation" in caught.value.message_dict["news"][0]
    assert not Issue.objects.exists()


def test_a_sent_issue_is_no_longer_edited(login, coordinator, content):
    sent = Issue.objects.get(status=IssueStatus.SENT)
    client = login(coordinator)
    response = client.post(reverse("newsletter:issue_edit", args=[sent.pk]), {"subject": "Changé"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.subject == "Numéro précédent"


def test_the_index_counts_subscribers_by_status_and_lists_only_confirmed_ones(
    login, coordinator, make_subscriber, org_b
):
    make_subscriber("un@example.org")
    make_subscriber("deux@example.org")
    make_subscriber("attente@example.org", "pending")
    make_subscriber("parti@example.org", "unsubscribed")
    make_subscriber("beta@example.org", organisation=org_b)
    client = login(coordinator)
    index = client.get(reverse("newsletter:index"))
    assert index.context["counts"] == {"pending": 1, "confirmed": 2, "unsubscribed": 1}
    listing = client.get(reverse("newsletter:subscribers")).content.decode()
    assert "un@example.org" in listing and "deux@example.org" in listing
    assert "attente@" not in listing and "parti@" not in listing and "beta@" not in listing


def test_sending_without_any_confirmed_subscriber_is_refused(login, coordinator, org_a):
    issue = services.issue_create(actor=coordinator, organisation=org_a, subject="Vide")
    response = login(coordinator).post(reverse("newsletter:issue_send", args=[issue.pk]))
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    page = login(coordinator).get(response["Location"]).content.decode()
    assert "Personne n&#x27;a encore confirmé" in page


def test_the_list_of_confirmed_addresses_is_paginated(login, coordinator, make_subscriber):
    for n in range(51):
        make_subscriber(f"abonne{n:02}@example.org")
    client = login(coordinator)
    first = client.get(reverse("newsletter:subscribers")).content.decode()
    assert "51 adresses confirmées" in first and "Page 1 sur 2" in first
    second = client.get(reverse("newsletter:subscribers") + "?page=2").content.decode()
    assert "abonne50@example.org" in second and "abonne00@example.org" not in second
