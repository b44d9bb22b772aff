from hypothesis import given
from hypothesis import strategies as st

from maillage.core import stats
from maillage.core.models import Membership
from maillage.core.roles import Role


def test_small_counts_show_as_less_than_five_and_zero_stays_zero():
    assert [str(stats.cell(n)) for n in [0, 1, 4, 5, 120]] == ["0", "<5", "<5", "5", "120"]


def test_single_hidden_cell_hides_the_next_smallest_so_totals_cannot_reveal_it():
    cells = stats.suppress({"F": 3, "M": 40, "X": 0, "other": 12})
    assert {k: str(v) for k, v in cells.items()} == {"F": "<5", "M": "40", "X": "0", "other": "×"}


def test_hidden_cells_that_the_total_would_pin_down_hide_the_total_too():
    # Four roles held by one person each and five field workers: total 9 would reveal the 1s.
    table = stats.table({"field": 5, "coord": 1, "dir": 1, "dpo": 1, "admin": 1, "stats": 0})
    assert [str(c) for _label, c in table.rows] == ["×", "<5", "<5", "<5", "<5", "0"]
    assert str(table.total) == "×"


def test_total_stays_visible_when_hidden_cells_remain_uncertain():
    table = stats.table({"F": 2, "M": 3, "X": 30})
    assert [str(c) for _label, c in table.rows] == ["<5", "<5", "30"]
    assert str(table.total) == "35"


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
    assert len(hidden) != 1 or table.total.suppressed
    if hidden and not table.total.suppressed:
        assert not stats._exactly_derivable(counts, dict(table.rows))


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
