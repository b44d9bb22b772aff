"""Server-drawn bar charts: what the statistics layer hides gets no bar, texts are escaped,
and the chart has an accessible name and a text alternative."""

from __future__ import annotations

from maillage.core import stats
from maillage.core.charts import bar_chart


def test_a_hidden_cell_gets_its_text_and_no_bar():
    table = stats.table({"Forest": 12, "Uccle": 3, "Ixelles": 9})
    svg = bar_chart(table, title="Jeunes par commune")
    # Uccle's 3 is hidden ("<5"), and Ixelles too ("×") so the total can't give it away:
    # only Forest has a bar.
    assert svg.count("<rect") == 1
    assert 'role="img"' in svg and 'aria-label="Jeunes par commune"' in svg
    assert "<desc>Forest: 12; Uccle: &lt;5; Ixelles: ×</desc>" in svg


def test_labels_are_escaped_and_long_ones_shortened():
    table = stats.Table(
        rows=[("<script>alert(1)</script> " * 3, stats.Cell(7))], total=stats.Cell(7)
    )
    svg = bar_chart(table, title="Titre")
    assert "<script>" not in svg
    assert "…" in svg


def test_a_target_draws_a_line():
    table = stats.Table(rows=[("Réalisé", stats.Cell(40))], total=stats.Cell(40))
    assert 'class="target"' in bar_chart(table, title="Objectif", target=50)
    assert 'class="target"' not in bar_chart(table, title="Sans objectif")
