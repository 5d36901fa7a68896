"""Display helpers of the integration models (evidence.display.models): every number a table
holds is a published row's, withheld numbers stay empty, labels are in the study language,
and a model that published nothing picks the "too small" sentence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.display import models as shown
from evidence.display.table import study_table
from evidence.i18n import translate
from evidence.indicators.publish import publish
from evidence.integration.models.study import integration_models
from evidence.synth import synthesize


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    survey = synthesize("integration_survey", "COL", "2023-12", seed=7, scale=0.3)
    return publish(integration_models(survey).to_results("COL", "2023-12"))


def numbers(rows: pd.DataFrame, indicator: str, column: str = "estimate") -> set[float]:
    return set(rows.loc[rows["indicator"] == indicator, column].dropna().round(12))


def test_effects_table_holds_the_published_odds_ratios_and_marginal_effects(
    rows: pd.DataFrame,
) -> None:
    before = rows.copy()
    table = shown.effects_table(rows, "employed", "es")
    pd.testing.assert_frame_equal(rows, before)
    assert table.columns[0] == translate("models.column.covariate", "es")
    assert table.iloc[:, 0].tolist()[0] == "Mujer"
    assert set(table.iloc[:, 1].round(12)) == numbers(rows, "or_employed")
    assert set(table.iloc[:, 2].round(12)) == numbers(rows, "or_employed", "ci_low")
    ame = table.iloc[:, 4].dropna()
    assert set(ame.round(12)) == numbers(rows, "ame_employed")
    assert len(ame) == 5 and table.iloc[:, 4].isna().any()  # AMEs of the chosen covariates only
    units = table.attrs["units"]
    assert units[table.columns[1]] == "odds_ratio" and units[table.columns[4]] == "points"
    markdown = study_table(table, "x", "es", units=units).to_markdown()
    assert "Situación regular" in markdown and "nan" not in markdown


def test_decomposition_table_has_each_part_and_the_share_in_its_kind(rows: pd.DataFrame) -> None:
    table = shown.decomposition_table(rows, {"employed": "points", "monthly_income": "mean"}, "en")
    assert table.iloc[:, 0].tolist() == [
        "Employment: Gap", "Employment: Explained", "Employment: Unexplained",
        "Employment: Share explained", "Monthly income (USD): Gap",
        "Monthly income (USD): Explained", "Monthly income (USD): Unexplained",
        "Monthly income (USD): Share explained",
    ]  # fmt: skip
    assert table.attrs["row_units"] == ["points"] * 3 + ["proportion"] + ["mean"] * 3 + [
        "proportion"
    ]
    parts = rows[rows["indicator"] == "oaxaca_employed"].set_index("level")
    assert table.iloc[0, 1] == parts.loc["gap", "estimate"]
    assert table.iloc[2, 3] == parts.loc["unexplained", "ci_high"]
    # an outcome not estimated is left out
    kinds = {"employed": "points", "monthly_income": "mean"}
    only = shown.decomposition_table(
        rows[rows["indicator"] != "oaxaca_monthly_income"], kinds, "en"
    )
    assert len(only) == 4


def test_top_covariates_and_detail_order_by_explained_contribution(rows: pd.DataFrame) -> None:
    detail = shown.detail_frame(rows, "employed", "pt")
    assert detail["code"].iloc[-1] == "intercept"
    size = detail["explained"].iloc[:-1].abs().to_numpy()
    assert (np.diff(size) <= 0).all()
    top = shown.top_covariates(rows, "employed", "pt", kind="points", top=3)
    assert len(top) == 3
    assert top.iloc[:, 1].tolist() == detail["explained"].iloc[:3].tolist()
    assert set(top.attrs["units"].values()) == {"points"}


def test_effect_and_balance_tables(rows: pd.DataFrame) -> None:
    effect = shown.effect_table(rows, "effect_regular_on_employed_att", "es")
    assert effect.iloc[:, 0].tolist() == [
        translate("models.method.ipw", "es"),
        translate("models.method.aipw", "es"),
    ]
    assert set(effect.iloc[:, 1].round(12)) == numbers(rows, "effect_regular_on_employed_att")
    balance = shown.balance_table(rows, "regular", "en")
    assert balance.iloc[0, 0] == "Years in the country"
    assert set(balance.iloc[:, 2].round(12)) == numbers(rows, "smd_regular_after")
    frame = shown.balance_frame(rows, "regular", "en")
    assert list(frame.columns) == ["label", "before", "after"]


def test_withheld_numbers_stay_empty_and_sentences_say_why(rows: pd.DataFrame) -> None:
    withheld = rows.copy()
    regular = (withheld["indicator"] == "ame_employed") & (withheld["level"] == "regular_true")
    withheld.loc[regular, ["estimate", "ci_low", "ci_high"]] = np.nan
    numbers_ = shown.estimate_interval(withheld, "ame_employed", "regular_true")
    assert all(np.isnan(v) for v in numbers_.values())
    key = shown.model_sentence_key("models.employment.sentence", withheld, "ame_employed",
                                   *numbers_.values())  # fmt: skip
    assert key == "models.employment.sentence.withheld"
    empty = rows.iloc[:0]
    assert not shown.estimated(empty, "ame_employed")
    assert (
        shown.model_sentence_key("models.employment.sentence", empty, "ame_employed", 1.0)
        == "models.employment.sentence.too_small"
    )
    ok = shown.estimate_interval(rows, "ame_employed", "regular_true")
    assert shown.model_sentence_key("models.employment.sentence", rows, "ame_employed",
                                    *ok.values()) == "models.employment.sentence"  # fmt: skip


def test_country_decompositions_show_every_country_and_dash_the_missing(
    rows: pd.DataFrame,
) -> None:
    regional = rows[rows["indicator"].str.startswith("oaxaca_employed")]
    table = shown.country_decompositions(regional, "employed", "es")
    assert len(table) == 17
    assert table.iloc[0, 0] == "Colombia"  # largest Venezuelan population first
    colombia = table.iloc[0]
    parts = regional[regional["indicator"] == "oaxaca_employed"].set_index("level")["estimate"]
    assert colombia.iloc[1] == parts["gap"]
    assert table.iloc[1:, 1:].isna().all().all()
    markdown = study_table(table, "x", "es", units=table.attrs["units"]).to_markdown()
    assert "| Perú | – | – | – | – |" in markdown


def test_the_minimum_sample_stated_to_readers_is_the_library_s() -> None:
    from evidence.integration.models import (
        MIN_ROWS_PER_CELL,
        MIN_ROWS_PER_GROUP,
        MIN_ROWS_PER_PARAMETER,
    )

    text = translate("models.intro", "en")
    assert f"at least {MIN_ROWS_PER_GROUP} households per group" in text
    assert f"{MIN_ROWS_PER_PARAMETER} per parameter" in text
    assert f"{MIN_ROWS_PER_CELL} per category" in text
