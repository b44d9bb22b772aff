from hypothesis import given
from hypothesis import strategies as st

from maillage.core import stats
from maillage.core.models import Membership
from maillage.core.roles import Role


def test_small_counts_show_as_less_than_five_and_zero_stays_zero():
    assert [str(stats.cell(n)) for n in [0, 1, 4, 5, 120]] == ["0", "<5", "<5", "5", "120"]


def test_single_hidden_cell_hides_the_next_smallest_so_totals_cannot_reveal_it():
    cells = stats.suppress({"F": 3, "M": 40, "X": 0, "other": 12})
    assert {k: str(v) for k, v in cells.items()} == {"F": "<5", "M": "40", "X": "0", "other": "<5"}


def test_table_keeps_label_order_and_adds_zero_rows():
    table = stats.table({"b": 7}, labels=["a", "b"])
    assert [(label, str(c)) for label, c in table.rows] == [("a", "0"), ("b", "7")]
    assert str(table.total) == "7"


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 60), max_size=8))
def test_no_shown_cell_counts_between_one_and_four_nor_can_a_lone_one_be_derived(counts):
    table = stats.table(counts)
    shown = [c.value for _label, c in table.rows if not c.suppressed]
    assert all(v == 0 or v >= 5 for v in shown)
    hidden = [label for label, c in table.rows if c.suppressed]
    if len(hidden) == 1:  # total minus the shown cells would give it away
        assert table.total.suppressed


def test_count_by_counts_distinct_people_in_one_query(
    org_a, owner, member, dpo, django_assert_num_queries
):
    Membership.objects.create(user=member, organisation=org_a, role=Role.COORDINATOR)
    with django_assert_num_queries(1):
        counts = stats.count_by(
            Membership.objects.filter(organisation=org_a), "role", distinct="user"
        )
    assert counts == {Role.ADMINISTRATOR: 1, Role.FIELD_WORKER: 1, Role.DPO: 1, Role.COORDINATOR: 1}


def test_home_dashboard_suppresses_small_team_counts(login, owner, member):
    html = login(owner).get("/").content.decode()
    assert "&lt;5" in html
    assert "Les effectifs inférieurs à 5" in html
