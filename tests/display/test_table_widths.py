"""PDF tables: a narrow numeric column is never narrower than its longest header word, so
Typst does not break "Aumentos" into "Aumen-tos" (pandoc sizes wide pipe tables by the
rule's dashes; tests/studies/test_render.py renders one)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from evidence.display.table import (
    CHAR_PT,
    INSET_PT,
    PANDOC_COLUMNS,
    TEXT_WIDTH_PT,
    page_widths,
    study_table,
)


def _rule_shares(markdown: str) -> list[float]:
    rule = markdown.splitlines()[1].strip("|").split("|")
    dashes = [cell.count("-") for cell in rule]
    return [d / sum(dashes) for d in dashes]


def test_a_one_word_numeric_header_keeps_its_width_beside_prose() -> None:
    frame = pd.DataFrame(
        {
            "Punto de monitoreo": ["Paso fronterizo Simón Bolívar, Villa del Rosario"] * 2,
            "Motivo": ["personas observadas: 1.234 el 12 de diciembre, 3,1 veces lo habitual"] * 2,
            "Aumentos": [3, 12],
            "Días": [31, 30],
        }
    )
    frame.attrs["prose"] = ["Motivo"]
    table = study_table(frame, "Alertas", "es")
    markdown = table.to_markdown()
    assert len(markdown.splitlines()[2]) > PANDOC_COLUMNS  # pandoc sizes it by the rule
    shares = _rule_shares(markdown)
    needed = (len("Aumentos") * CHAR_PT + INSET_PT) / TEXT_WIDTH_PT
    assert shares[2] >= needed * 0.99
    assert shares[1] == max(shares)  # the prose column still gets the most room


def test_a_narrow_table_keeps_pandoc_default_widths() -> None:
    table = study_table(pd.DataFrame({"a": [1], "b": [2]}), "", "es")
    assert table.to_markdown().splitlines()[1] == "|---:|---:|"


@given(
    widths=st.lists(st.integers(1, 80), min_size=1, max_size=8),
    data=st.data(),
)
def test_page_widths_keep_every_minimum_when_they_fit(widths: list[int], data) -> None:  # type: ignore[no-untyped-def]
    minimum = data.draw(st.lists(st.floats(0.01, 0.3), min_size=len(widths), max_size=len(widths)))
    dashes = page_widths(widths, minimum)
    shares = [d / sum(dashes) for d in dashes]
    if sum(minimum) < 1:
        assert all(s >= m - 0.01 for s, m in zip(shares, minimum, strict=True))
    else:  # cannot all fit: in proportion to their minimum
        assert all(abs(s - m / sum(minimum)) < 0.01 for s, m in zip(shares, minimum, strict=True))
