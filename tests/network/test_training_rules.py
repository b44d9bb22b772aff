"""Trainings: one or several days, participants of the organisation, hours per worker per
year in one query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.network import services
from maillage.network.forms import parse_days
from maillage.network.models import Training
from maillage.network.queries import hours_per_worker
from tests.network.conftest import acting


def test_days_are_read_from_lines_in_french_or_iso_dates():
    assert parse_days("14/03/2026 6\n\n2026-03-15 3,5 h") == [
        (date(2026, 3, 14), Decimal("6")),
        (date(2026, 3, 15), Decimal("3.5")),
    ]


def test_an_unreadable_line_is_reported_with_its_number():
    with pytest.raises(Exception) as caught:
        parse_days("14/03/2026 6\ndemain matin")
    assert "2" in str(caught.value.params)


def test_days_and_hours_are_read_from_the_digits_0_to_9_only():
    """Issue 19: `\\d` and Decimal() also read "٦" as 6."""
    with pytest.raises(Exception) as caught:
        parse_days("14/03/2026 ٦")
    assert "1" in str(caught.value.params)


def test_a_training_needs_a_day_and_members_of_the_organisation(coordinator, org_a, outsider):
    with pytest.raises(ValidationError) as caught:
        services.training_create(
            actor=acting(coordinator, org_a),
            organisation=org_a,
            title="X",
            trainer="Y",
            days=[],
            participants=[outsider],
        )
    assert {"days", "participants"} <= set(caught.value.message_dict)
    assert not Training.objects.exists()


def test_hours_per_worker_count_the_days_of_the_year(coordinator, member, org_a, training):
    services.training_create(
        actor=acting(coordinator, org_a),
        organisation=org_a,
        title="Premiers secours",
        trainer="Croix",
        participants=[member, coordinator],
        days=[(date(2026, 12, 30), Decimal("4")), (date(2027, 1, 4), Decimal("4"))],
    )
    rows = {row.worker: row for row in hours_per_worker(coordinator, 2026)}
    assert rows[member].hours == Decimal("13.5") and rows[member].trainings == 2
    assert rows[coordinator].hours == Decimal("4")
    next_year = {row.worker: row.hours for row in hours_per_worker(coordinator, 2027)}
    assert next_year[member] == Decimal("4")


def test_the_hours_page_shows_the_table(client, coordinator, member, training):
    client.force_login(coordinator)
    page = client.get(reverse("network:training_hours"), {"year": 2026}).content.decode()
    assert "Malik" in page
    assert "9,5" in page


def test_a_training_is_recorded_from_the_form(client, coordinator, member):
    client.force_login(coordinator)
    response = client.post(
        reverse("network:training_create"),
        {
            "title": "Travail de rue",
            "trainer": "Asbl Formation",
            "days": "10/02/2026 6\n11/02/2026 6",
            "participants": [member.pk],
        },
    )
    training = Training.objects.get()
    assert response.status_code == 302
    assert training.days.count() == 2
    assert list(training.participants.all()) == [member]


def test_the_training_form_reports_a_bad_line(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("network:training_create"),
        {"title": "Travail de rue", "trainer": "Asbl", "days": "lundi"},
    )
    assert response.status_code == 200
    assert "Ligne 1" in response.content.decode()
    assert not Training.objects.exists()
