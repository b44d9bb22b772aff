"""The diagnosis must be updated at least every three years: the app says when it is due."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.community.rules import DueState, add_years, due_for


@pytest.mark.parametrize(
    ("adopted_on", "today", "state", "due_on"),
    [
        (None, date(2026, 6, 1), DueState.MISSING, None),
        (date(2024, 9, 1), date(2026, 6, 1), DueState.CURRENT, date(2027, 9, 1)),
        # Two and a half years on: due within the year.
        (date(2023, 12, 1), date(2026, 6, 1), DueState.SOON, date(2026, 12, 1)),
        (date(2023, 6, 1), date(2026, 6, 1), DueState.SOON, date(2026, 6, 1)),
        (date(2023, 5, 31), date(2026, 6, 1), DueState.OVERDUE, date(2026, 5, 31)),
    ],
)
def test_due_three_years_after_adoption_and_soon_in_the_last_year(adopted_on, today, state, due_on):
    due = due_for(adopted_on, today)
    assert due.state == state
    assert due.due_on == due_on


def test_a_diagnosis_adopted_on_29_february_is_due_on_28_february():
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)


def years_ago(years: int, months: int = 0) -> date:
    today = timezone.localdate().replace(day=1)
    month = today.month - months
    year = today.year - years + (month - 1) // 12
    return today.replace(year=year, month=(month - 1) % 12 + 1)


def test_the_diagnosis_page_and_list_say_when_it_is_due(client, coordinator, make_diagnosis):
    adopted = years_ago(1)
    diagnosis = make_diagnosis(adopted_on=adopted)
    due = add_years(adopted, 3).strftime("%d/%m/%Y")
    client.force_login(coordinator)
    page = client.get(reverse("community:diagnosis", args=[diagnosis.pk])).content.decode()
    assert f"En vigueur ; à mettre à jour avant le {due}" in page
    listing = client.get(reverse("community:diagnosis_list")).content.decode()
    assert due in listing
    assert "en vigueur" in listing


def test_a_draft_does_not_count_the_landing_page_says_none_is_adopted(
    client, coordinator, make_diagnosis
):
    make_diagnosis()  # not adopted
    client.force_login(coordinator)
    page = client.get(reverse("community:index")).content.decode()
    assert "Aucun diagnostic social communautaire n’a encore été adopté." in page


def test_the_home_card_shows_until_a_diagnosis_in_force_is_adopted(
    client, coordinator, make_diagnosis
):
    client.force_login(coordinator)
    # Without any adopted diagnosis, the card says so.
    assert "h-diagnosis-due" in client.get(reverse("core:home")).content.decode()
    make_diagnosis(adopted_on=years_ago(1))
    assert "h-diagnosis-due" not in client.get(reverse("core:home")).content.decode()
    # An older diagnosis, adopted two and a half years ago, is not the one in force.
    make_diagnosis(
        title="Diagnostic plus ancien", period_start=date(2020, 1, 1), adopted_on=years_ago(2, 6)
    )
    assert "h-diagnosis-due" not in client.get(reverse("core:home")).content.decode()


def test_the_home_card_tells_two_and_a_half_years_after_adoption(
    client, coordinator, make_diagnosis
):
    make_diagnosis(period_start=date(2020, 1, 1), adopted_on=years_ago(2, 6))
    client.force_login(coordinator)
    home = client.get(reverse("core:home")).content.decode()
    assert "h-diagnosis-due" in home
    assert "À mettre à jour avant le" in home


def test_the_home_card_is_not_for_statistics_viewers(client, stats_viewer):
    client.force_login(stats_viewer)
    assert "h-diagnosis-due" not in client.get(reverse("core:home")).content.decode()
