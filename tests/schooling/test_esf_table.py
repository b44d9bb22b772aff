"""The anonymised ESF+ tables of a period, as the indicator catalogue computes them for the
programmes' reports: counts through the statistics layer, small cells suppressed, sensitive
items in aggregate only."""

from __future__ import annotations

from datetime import date

import pytest

from maillage.core.models import Organisation, User
from maillage.people.models import Person
from maillage.programmes.indicators import Period, Scope, compute
from maillage.schooling import esf
from maillage.schooling.models import Participant, ResultMoment
from tests.schooling.conftest import acting

START, END = date(2026, 1, 1), date(2026, 6, 30)
YES_TO_THIRD_COUNTRY = {
    "disability": "no",
    "third_country": "yes",
    "foreign_background": "declined",
    "minority": "no",
    "other_disadvantage": "no",
}


ESF_CODES = [
    "schooling.esf_entries",
    "schooling.esf_exits",
    "schooling.esf_results_at_exit",
    "schooling.esf_results_4_weeks",
    "schooling.esf_results_6_months",
    "schooling.esf_sensitive_items",
]


class EsfTable:
    """The ESF+ indicators of organisation A over the period, by name."""

    def __init__(self, organisation: Organisation) -> None:
        scope, period = Scope((organisation.pk,)), Period(START, END)
        entries = compute("schooling.esf_entries", scope, period)
        self.entries = entries.breakdowns[0].table
        self.by_age_band = entries.breakdowns[1].table
        self.by_labour_status = entries.breakdowns[2].table
        self.by_isced = entries.breakdowns[3].table
        self.exits = compute("schooling.esf_exits", scope, period).breakdowns[0].table
        self.results_at_exit = self._results("schooling.esf_results_at_exit", scope, period)
        self.results_4_weeks = self._results("schooling.esf_results_4_weeks", scope, period)
        self.results_6_months = self._results("schooling.esf_results_6_months", scope, period)
        sensitive = compute("schooling.esf_sensitive_items", scope, period)
        self.sensitive_yes = sensitive.breakdowns[0].table
        self.sensitive_consented = sensitive.total

    @staticmethod
    def _results(code: str, scope: Scope, period: Period):
        return compute(code, scope, period).breakdowns[0].table


def esf_table(organisation: Organisation) -> EsfTable:
    return EsfTable(organisation)


@pytest.fixture
def actor(coordinator: User, org_a: Organisation) -> User:
    return acting(coordinator, org_a, "coordinator")


@pytest.fixture
def enter(actor: User, org_a: Organisation):
    count = 0

    def make(gender: str, entered_on: date, *, consent: bool = False, **extra) -> Participant:
        nonlocal count
        count += 1
        person = Person.objects.create(
            organisation=org_a,
            first_name="P",
            last_name=f"N{count}",
            birth_date=date(2008, 1, 1),
        )
        return esf.participant_enter(
            actor=actor,
            organisation=org_a,
            person=person,
            entered_on=entered_on,
            gender=gender,
            labour_status=extra.pop("labour_status", "neet"),
            isced="0-2",
            sensitive_consent_on=entered_on if consent else None,
            sensitive=YES_TO_THIRD_COUNTRY if consent else None,
        )

    return make


def test_entries_of_the_period_by_gender_age_band_status_and_level(actor, enter, org_a):
    for _ in range(5):
        enter("woman", date(2026, 2, 1))
        enter("man", date(2026, 3, 1), labour_status="long_term_unemployed")
    enter("woman", date(2025, 12, 31))  # before the period
    table = esf_table(org_a)
    assert [str(c) for _label, c in table.entries.rows] == ["5", "5", "0"]
    assert str(table.entries.total) == "10"
    by_age = {str(k): str(v) for k, v in table.by_age_band.rows}
    assert list(by_age.values()) == ["0", "10", "0", "0"]
    assert [str(c) for _label, c in table.by_labour_status.rows] == ["0", "5", "0", "5", "0"]
    assert [str(c) for _label, c in table.by_isced.rows] == ["10", "0", "0"]


def test_small_cells_are_suppressed(actor, enter, org_a):
    for _ in range(7):
        enter("woman", date(2026, 2, 1))
    for _ in range(2):
        enter("non_binary", date(2026, 2, 1))
    table = esf_table(org_a)
    cells = [c for _label, c in table.entries.rows]
    assert cells[2].suppressed and str(cells[2]) == "<5"
    assert all(str(c.value) != "2" for c in cells)


def test_a_reentry_is_not_counted_as_a_second_entry(actor, enter, org_a):
    participants = [enter("man", date(2026, 1, 10)) for _ in range(5)]
    for participant in participants:
        esf.participant_exit(actor=actor, participant=participant, exited_on=date(2026, 2, 1))
        esf.participant_reenter(actor=actor, participant=participant, reentered_on=date(2026, 3, 1))
    table = esf_table(org_a)
    assert str(table.entries.total) == "5"
    # They left in the period (then came back): one exit each.
    assert str(table.exits.total) == "5"


def test_results_of_the_leavers_of_the_period(actor, enter, org_a):
    for _ in range(5):
        participant = enter("woman", date(2026, 1, 5))
        esf.participant_exit(
            actor=actor, participant=participant, exited_on=date(2026, 2, 2), job_searching=True
        )
        esf.participant_result_record(
            actor=actor,
            participant=participant,
            moment=ResultMoment.WEEKS_4,
            recorded_on=date(2026, 3, 2),
            employed=True,
        )
    table = esf_table(org_a)
    assert [str(c) for _label, c in table.results_4_weeks.rows] == ["0", "0", "5", "0"]
    assert [str(c) for _label, c in table.results_at_exit.rows] == ["0", "0", "0", "5"]
    assert str(table.results_6_months.total) == "0"


def test_sensitive_items_only_as_counts(actor, enter, org_a):
    for _ in range(5):
        enter("woman", date(2026, 2, 1), consent=True)
    enter("man", date(2026, 2, 1))
    table = esf_table(org_a)
    assert [str(c) for _label, c in table.sensitive_yes.rows] == ["0", "5", "0", "0", "0"]
    assert str(table.sensitive_consented) == "5"


def test_the_table_counts_every_participant_of_the_organisation_in_few_queries(
    member, org_a, enter, django_assert_max_num_queries
):
    for _ in range(5):
        enter("woman", date(2026, 2, 1))
    # A field worker follows none of them, yet the anonymised counts are the team's: the
    # catalogue counts by organisation, not by what a user may open.
    acting(member, org_a, "field_worker")
    # The six ESF+ indicators, seven queries whatever the number of participants.
    with django_assert_max_num_queries(7):
        table = esf_table(org_a)
    assert str(table.entries.total) == "5"
