"""Key messages (evidence.display.key_messages): chosen by stated rules from published rows,
each citing the rows it speaks about, never a withheld or unreliable estimate."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from evidence.display.format import result_strings
from evidence.display.key_message_rules import STUDY_RULES
from evidence.display.key_messages import (
    KeyMessageRule,
    apply_rule,
    select_key_messages,
    usable,
)
from evidence.display.key_messages_view import key_messages_markdown, message_text
from evidence.indicators.keys import join_key
from evidence.indicators.publish import publish

FIELDS = {"place": "Colombia", "period_label": "diciembre de 2023", "previous": "2023-11",
          "year_earlier": "2022-12"}  # fmt: skip


def _row(
    indicator: str,
    estimate: float,
    *,
    category: str = "",
    n: int = 1000,
    numerator: int | None = None,
    unit: str = "proportion",
    ci: tuple[float, float] | None = None,
    disaggregation: str = "total",
    level: str = "total",
    flags: str = "indicative",
) -> dict[str, object]:
    low, high = ci or (np.nan, np.nan)
    return {
        "indicator": indicator,
        "country": "COL",
        "period": "2023-12",
        "disaggregation": disaggregation,
        "level": level,
        "estimate": estimate,
        "se": np.nan,
        "ci_low": low,
        "ci_high": high,
        "ci_method": "wald" if ci else "none",
        "n": n,
        "n_weighted": float(n),
        "deff": np.nan,
        "flags": flags,
        "analysis_key": join_key(indicator, disaggregation, level),
        "unit": unit,
        "numerator": numerator,
        "variable": "needs" if category else np.nan,
        "category": category or np.nan,
    }


def _published(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["numerator"] = frame["numerator"].astype("Int64")
    return publish(frame)


NEEDS = KeyMessageRule("risks.need", ("prop_needs_",), label="category")


def test_a_large_withheld_share_is_never_chosen() -> None:
    # "shelter" is the largest share, but its 3 people are under the minimum count.
    rows = _published(
        [
            _row("prop_needs_shelter", 0.9, category="shelter", n=4, numerator=3),
            _row("prop_needs_food", 0.4, category="food", n=1000, numerator=400),
            _row("prop_needs_water", 0.2, category="water", n=1000, numerator=200),
        ]
    )
    assert rows.loc[0, "suppressed"]
    message = apply_rule(rows, NEEDS)
    assert message is not None and message.cites == (
        ("COL", "prop_needs_food @/@ total %/% total"),
    )
    # Even with the estimate left in place, a withheld flag keeps it out.
    leaked = rows.copy()
    leaked.loc[0, "estimate"] = 0.9
    assert apply_rule(leaked, NEEDS).cites == message.cites  # type: ignore[union-attr]


def test_an_unreliable_estimate_is_never_chosen() -> None:
    rows = _published(
        [
            _row("prop_needs_cash", 0.8, category="cash", numerator=800),
            _row("prop_needs_food", 0.4, category="food", numerator=400),
        ]
    )
    rows.loc[0, "flags"] = "indicative unreliable_low_df"
    assert not usable(rows).iloc[0]
    assert apply_rule(rows, NEEDS).cites[0][1].startswith("prop_needs_food")  # type: ignore[union-attr]


def test_none_and_dont_know_are_not_findings() -> None:
    rows = _published(
        [
            _row("prop_needs_none", 0.7, category="none", numerator=700),
            _row("prop_needs_food", 0.2, category="food", numerator=200),
        ]
    )
    assert apply_rule(rows, NEEDS).code == "food"  # type: ignore[union-attr]


def test_a_gap_is_a_message_only_when_its_interval_excludes_zero() -> None:
    rule = KeyMessageRule("integration.employment_gap", ("diff_prop_employed",),
                          require="excludes_zero", kind="points")  # fmt: skip
    crossing = _published([_row("diff_prop_employed", -0.02, unit="difference",
                                ci=(-0.05, 0.01), flags="")])  # fmt: skip
    assert apply_rule(crossing, rule) is None
    clear = _published([_row("diff_prop_employed", -0.12, unit="difference",
                             ci=(-0.18, -0.06), flags="")])  # fmt: skip
    message = apply_rule(clear, rule)
    assert message is not None and message.low == pytest.approx(-0.18)
    text = message_text(message, "es", **FIELDS)
    assert "-12,0" in text and "-18,0" in text and "-6,0" in text


def test_red_flags_raised_or_none() -> None:
    flags = [
        _row("total_red_flags", 0.0, disaggregation="signal", level=s, unit="total", flags="")
        for s in ("flow_surge", "flow_drop")
    ]
    rules = STUDY_RULES["movement"]
    keys = [m.key for m in select_key_messages(_published(flags), rules)]
    assert keys == ["key_messages.movement.no_red_flags"]
    flags[1]["estimate"] = 2.0
    (message,) = select_key_messages(_published(flags), rules)
    assert message.key == "key_messages.movement.red_flags" and message.code == "flow_drop"


def test_messages_cite_their_rows_and_write_only_their_numbers() -> None:
    rows = _published(
        [
            _row("prop_any_risk", 0.43, numerator=430),
            _row("prop_needs_food", 0.55, category="food", numerator=550),
            _row("prop_risks_theft", 0.15, category="theft", numerator=150),
            _row("prop_vulnerability_children", 0.38, category="children", numerator=380),
            _row("prop_needs_water", 0.27, category="water", numerator=270),
        ]
    )
    rows.loc[rows["indicator"].str.startswith("prop_risks"), "variable"] = "risks"
    messages = select_key_messages(rows, STUDY_RULES["risks"])
    assert 3 <= len(messages) <= 5
    cited_before: set[tuple[str, str]] = set()
    for message in messages:
        (pair,) = message.cites
        assert pair not in cited_before
        cited_before.add(pair)
        row = rows[rows["analysis_key"] == pair[1]].iloc[0].to_dict()
        text = message_text(message, "es", **FIELDS)
        numbers = re.findall(r"-?\d+(?:[.,]\d+)*(?:\u00a0?%)?", text)
        assert numbers and set(numbers) <= result_strings(row, "es"), text


def test_thin_data_give_fewer_messages_and_say_so() -> None:
    rows = _published([_row("prop_any_risk", 0.43, numerator=430)])
    messages = select_key_messages(rows, STUDY_RULES["risks"])
    assert len(messages) == 1
    text = key_messages_markdown(messages, "en", **FIELDS).markdown
    assert "too thin" in text
    assert select_key_messages(rows.iloc[:0], STUDY_RULES["risks"]) == []


def test_at_most_max_n_and_inputs_unchanged() -> None:
    rows = _published([_row(f"prop_needs_{c}", 0.1 * (k + 1), category=c, numerator=100 * (k + 1))
                       for k, c in enumerate(["food", "water", "cash"])])  # fmt: skip
    kept = rows.copy()
    many = [KeyMessageRule(f"risks.need{k}", ("prop_needs_",), label="category") for k in range(4)]
    assert len(select_key_messages(rows, many, max_n=2)) == 2
    # Each rule cites a row no earlier message cited: three rows, three messages.
    assert len(select_key_messages(rows, many)) == 3
    pd.testing.assert_frame_equal(rows, kept)
