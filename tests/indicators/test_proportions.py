"""Indicative proportions: hand-computed shares, missing answers, domains, invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.errors import ContractError, EstimationError, OptionError
from evidence.indicators.proportions import TABLE_COLUMNS, indicative_proportions
from evidence.indicators.publish import publish
from evidence.indicators.small_counts import publication_options

NEEDS = ("food", "water", "shelter")


def survey() -> pd.DataFrame:
    """Six respondents; the fourth did not answer the needs question."""
    frame = pd.DataFrame(
        {
            "country": "COL",
            "period": "2023-12",
            "sex": pd.Categorical(
                ["female", "female", "male", "male", "female", None], categories=["female", "male"]
            ),
            "transport": pd.Categorical(
                ["bus", "walking", "bus", "bus", "walking", "bus"],
                categories=["bus", "walking", "boat"],
            ),
            "with_children": pd.array([True, False, True, None, True, False], dtype="boolean"),
        }
    )
    ticks = {
        "food": [True, True, False, None, True, False],
        "water": [False, True, False, None, False, False],
        "shelter": [False, False, True, None, True, True],
    }
    for choice, values in ticks.items():
        frame[f"needs/{choice}"] = pd.array(values, dtype="boolean")
    return frame


def row(table: pd.DataFrame, indicator: str, level: str = "total") -> pd.Series:
    hit = table[(table["indicator"] == indicator) & (table["level"] == level)]
    assert len(hit) == 1, (indicator, level)
    return hit.iloc[0]


def test_choice_shares_by_hand() -> None:
    table = indicative_proportions(survey(), "needs", by="sex")
    # 5 respondents answered; food ticked by 3, water by 1, shelter by 3.
    assert row(table, "prop_needs_food")["estimate"] == pytest.approx(3 / 5)
    assert row(table, "prop_needs_food")["n"] == 5
    assert row(table, "prop_needs_water")["numerator"] == 1
    # Women who answered: rows 1, 2, 5 -> food 3/3, shelter 1/3.
    assert row(table, "prop_needs_food", "female")["estimate"] == pytest.approx(1.0)
    assert row(table, "prop_needs_shelter", "female")["estimate"] == pytest.approx(1 / 3)
    # Men who answered: row 3 only (row 4 skipped the question).
    assert row(table, "prop_needs_shelter", "male")["n"] == 1
    assert list(table.columns) == list(TABLE_COLUMNS)


def test_categorical_gives_observed_categories_and_boolean_one_row() -> None:
    table = indicative_proportions(survey(), ["transport", "with_children"])
    # The survey engine estimates the categories present; nobody came by boat.
    assert "prop_transport_boat" not in set(table["indicator"])
    assert row(table, "prop_transport_bus")["estimate"] == pytest.approx(4 / 6)
    assert row(table, "prop_transport_walking")["numerator"] == 2
    children = table[table["variable"] == "with_children"]
    assert len(children) == 1
    assert children.iloc[0]["estimate"] == pytest.approx(3 / 5)


def test_indicative_mode_columns() -> None:
    table = indicative_proportions(survey(), "needs")
    assert (table["flags"] == "indicative").all()
    assert (table["ci_method"] == "none").all()
    assert table[["se", "ci_low", "ci_high", "deff"]].isna().all().all()
    assert (table["n_weighted"] == table["n"]).all()
    assert table["analysis_key"].is_unique
    assert row(table, "prop_needs_food")["analysis_key"] == "prop_needs_food @/@ total %/% total"


def test_crossed_disaggregation_and_context_from_columns() -> None:
    frame = survey()
    frame["group"] = ["a", "b", "a", "b", "a", "b"]
    table = indicative_proportions(frame, "needs", by=[("sex", "group")], overall=False)
    assert set(table["disaggregation"]) == {"sex x group"}
    assert row(table, "prop_needs_food", "female x a")["n"] == 2
    assert (table["country"] == "COL").all() and (table["period"] == "2023-12").all()


def test_does_not_mutate_input() -> None:
    frame = survey()
    before = frame.copy()
    indicative_proportions(frame, ["needs", "transport", "with_children"], by="sex")
    pd.testing.assert_frame_equal(frame, before)


def test_errors_name_the_problem() -> None:
    with pytest.raises(ContractError, match="risks"):
        indicative_proportions(survey(), "risks")
    with pytest.raises(EstimationError, match="region"):
        indicative_proportions(survey(), "needs", by="region")
    with pytest.raises(OptionError, match="country"):
        indicative_proportions(survey().drop(columns="country"), "needs")
    with pytest.raises(OptionError):
        indicative_proportions(survey(), "needs", country="XXX")


def test_disclosure_withholds_small_domains_and_their_counts() -> None:
    # Minimum count 2: the one man who answered is withheld; of the 5 who answered, food and
    # shelter (3 of 5, complement 2) are published, water (1 of 5) is a small numerator.
    table = publish(indicative_proportions(survey(), "needs", by="sex"), publication_options(2))
    male = table[table["level"] == "male"]
    assert male["suppressed"].all()
    assert male["estimate"].isna().all() and male["numerator"].isna().all()
    total = table[table["level"] == "total"].set_index("indicator")
    assert not total.loc[["prop_needs_food", "prop_needs_shelter"], "suppressed"].any()
    assert total.loc["prop_needs_water", "suppression_reason"] == "min_numerator"


answers = st.lists(
    st.tuples(
        st.sampled_from(["female", "male"]),
        st.lists(st.booleans(), min_size=len(NEEDS), max_size=len(NEEDS)) | st.none(),
    ),
    # Two rows at least: the survey engine refuses a one-row design.
    min_size=2,
    max_size=40,
)


def frame_of(rows: list) -> pd.DataFrame:
    frame = pd.DataFrame({"sex": [sex for sex, _ in rows]})
    for k, choice in enumerate(NEEDS):
        frame[f"needs/{choice}"] = pd.array(
            [None if ticks is None else ticks[k] for _, ticks in rows], dtype="boolean"
        )
    return frame


@settings(max_examples=25, deadline=None)
@given(rows=answers, seed=st.integers(0, 2**32 - 1))
def test_shares_in_unit_interval_and_independent_of_row_order(rows: list, seed: int) -> None:
    frame = frame_of(rows)
    table = indicative_proportions(frame, "needs", by="sex", country="PER", period="2024-01")
    shown = table["estimate"].dropna()
    assert ((shown >= 0) & (shown <= 1)).all()
    assert (table["numerator"] <= table["n"]).all()
    shuffled = frame.sample(frac=1, random_state=np.random.default_rng(seed))
    again = indicative_proportions(shuffled, "needs", by="sex", country="PER", period="2024-01")
    pd.testing.assert_frame_equal(table, again)
    # Domains partition the answered rows: the n of the sexes add up to the total's n.
    food = table[table["indicator"] == "prop_needs_food"]
    assert (
        food.loc[food["level"] != "total", "n"].sum()
        == food.loc[food["level"] == "total", "n"].sum()
    )
