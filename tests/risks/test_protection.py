"""Protection risk factors by group: the planted relationships are found, and the small
numerators of a small country are withheld by disclosure control."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import ContractError
from evidence.risks.protection import FACTORS, PROTECTION_INDICATORS, protection_risks
from evidence.synth import synthesize

PERIOD = "2023-12"


def estimate(rows: pd.DataFrame, indicator: str, disaggregation: str, level: str) -> float:
    hit = rows[
        (rows["indicator"] == indicator)
        & (rows["disaggregation"] == disaggregation)
        & (rows["level"] == level)
    ]
    return float(hit["estimate"].item())


@pytest.fixture(scope="module")
def colombia() -> pd.DataFrame:
    return synthesize("flow_survey", "COL", PERIOD, scale=0.3)


def test_every_indicator_by_every_factor(colombia: pd.DataFrame) -> None:
    result = protection_risks(colombia, country="COL", period=PERIOD)
    rows = result.to_frame()
    assert set(rows["indicator"]) == set(PROTECTION_INDICATORS)
    assert set(rows["disaggregation"]) == {"total", *FACTORS}
    on_foot = rows.loc[rows["disaggregation"] == "on_foot", "level"]
    assert set(on_foot) == {"true", "false"}
    assert rows["analysis_key"].is_unique


def test_planted_relationships_are_found(colombia: pd.DataFrame) -> None:
    rows = protection_risks(colombia, country="COL", period=PERIOD).to_frame()
    smuggler = "prop_smuggler_used"
    assert estimate(rows, smuggler, "regular_status", "irregular") > 1.5 * estimate(
        rows, smuggler, "regular_status", "regular"
    )
    assert estimate(rows, smuggler, "on_foot", "true") > estimate(
        rows, smuggler, "on_foot", "false"
    )
    gbv = "prop_risks_gender_based_violence"
    assert estimate(rows, gbv, "sex", "female") > 1.5 * estimate(rows, gbv, "sex", "male")
    children = "prop_travelling_with_children"
    assert estimate(rows, children, "group_type", "alone") == 0.0


def test_separated_children_are_a_share_of_groups_with_children(colombia: pd.DataFrame) -> None:
    rows = protection_risks(colombia, country="COL", period=PERIOD).to_frame()
    total = rows[(rows["indicator"] == "prop_separated_children") & (rows["level"] == "total")]
    answered = colombia["separated_children"].isin(["yes", "no"])
    assert int(total["n"].item()) == int(answered.sum())
    assert colombia.loc[~colombia["travelling_with_children"], "separated_children"].isna().all()
    expected = (colombia["separated_children"] == "yes").sum() / answered.sum()
    assert total["estimate"].item() == pytest.approx(expected)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_small_country_has_its_small_numerators_withheld(seed: int) -> None:
    survey = synthesize("flow_survey", "TTO", PERIOD, scale=0.05, seed=seed)
    result = protection_risks(survey, country="TTO", period=PERIOD)
    rows = result.to_frame()
    assert result.withheld > 0
    shown = rows[~rows["suppressed"].astype(bool)]
    numerator = shown["numerator"].astype(float)
    n = shown["n"].astype(float)
    # Published shares rest on at least 5 people with and 5 without the risk (or none).
    assert ((numerator == 0) | (numerator >= 5)).all()
    assert (((n - numerator) == 0) | ((n - numerator) >= 5)).all()
    assert (n >= 5).all()
    assert rows.loc[rows["suppressed"].astype(bool), "estimate"].isna().all()


def test_unknown_factor_is_refused(colombia: pd.DataFrame) -> None:
    with pytest.raises(ContractError, match="factors"):
        protection_risks(colombia, factors=("nationality",))


def test_older_data_keep_the_risks_they_answer(colombia: pd.DataFrame) -> None:
    older = colombia.drop(columns=["smuggler_used", "separated_children"])
    before = older.copy()
    result = protection_risks(older, country="COL", period=PERIOD)
    assert "prop_smuggler_used" not in result.indicators
    assert "prop_risks_gender_based_violence" in result.indicators
    pd.testing.assert_frame_equal(older, before)
