"""``compute`` end to end on contract-shaped data: numbers equal direct survey-engine calls.

Design-based indicators (integration_survey, a stratified cluster sample) are recomputed
here from the raw columns with plain pandas and one direct call of the estimator per
indicator; ``compute`` must give the same estimate, se, interval, n and deff (tolerance 1e-12:
the same engine does the arithmetic, only the batching and the analysis columns differ).
Indicative indicators (flow_survey, non-probability) are compared with plain group means.
Seeds are parameters; the checks hold for any seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.contracts import load_contract, validate_frame
from evidence.disclosure import RESULTS_COLUMNS, read_hxl_csv, to_hxl_csv
from evidence.errors import ContractError, OptionError
from evidence.indicators import compute, load_catalogue
from evidence.survey import SurveyDesign, estimate_proportion, replicate_design
from tests.indicators.engine_calls import as_float, compare, design, direct
from tests.indicators.fakes import fake_frame

SEEDS = [0, 7]


@pytest.mark.parametrize("seed", SEEDS)
def test_design_based_indicators_equal_direct_engine_calls(seed: int) -> None:
    frame = fake_frame("integration_survey", 900, seed)
    results = compute(load_catalogue(), frame, country="PER", period="2023-12",
                      dataset="integration_survey").to_frame()  # fmt: skip
    employed = frame["employed"].astype("boolean").fillna(False).to_numpy(dtype=bool)

    compare(results, "prop_employed", direct(frame, "proportion", as_float(frame["employed"])))
    informal = np.where(employed, as_float(frame["informal"]), np.nan)
    compare(results, "prop_informal", direct(frame, "proportion", informal))
    income = np.where(employed, as_float(frame["monthly_income"]), np.nan)
    compare(results, "mean_monthly_income", direct(frame, "mean", income))
    compare(results, "median_monthly_income", direct(frame, "median", income))
    school_age = as_float(frame["children_school_age"])
    has_children = school_age >= 1
    compare(
        results,
        "ratio_children_enrolled",
        direct(frame, "ratio", (np.where(has_children, as_float(frame["children_enrolled"]),
                                         np.nan), np.where(has_children, school_age, np.nan))),
    )  # fmt: skip
    compare(results, "total_children_school_age", direct(frame, "total", school_age))
    regular = np.where(
        frame["group"] == "migrant",
        (frame["document_status"] == "regular").astype(float),
        np.nan,
    )
    expected = direct(frame, "proportion", regular).loc[["total", "sex"]]
    compare(results, "prop_document_status_regular", expected)
    discrimination = np.where(
        frame["discrimination_experienced"].isna(),
        np.nan,
        (frame["discrimination_experienced"] == "yes").astype(float),
    )
    compare(results, "prop_discrimination_experienced",
            direct(frame, "proportion", discrimination))  # fmt: skip
    items = [(as_float(frame[f"ipl_economic_{k}"]) - 1) / 4 for k in (1, 2)]
    economic = (items[0] + items[1]) / 2  # NaN when either item is missing
    compare(results, "mean_ipl_economic", direct(frame, "mean", economic))


@pytest.mark.parametrize("seed", SEEDS)
def test_indicative_indicators_are_plain_shares_without_intervals(seed: int) -> None:
    frame = fake_frame("flow_survey", 700, seed)
    result = compute(load_catalogue(), frame, country="COL", period="2023-12",
                     dataset="flow_survey")  # fmt: skip
    table = result.to_frame()
    assert result.mode == "indicative"
    assert result.caveat == load_contract("flow_survey").sampling.caveat  # type: ignore[union-attr]
    published = table[~table["suppressed"]]
    assert published["se"].isna().all() and published["ci_low"].isna().all()
    assert (published["ci_method"] == "none").all()
    assert all("indicative" in flags.split() for flags in table["flags"])
    assert (published["n_weighted"] == published["n"]).all()

    food = frame["needs"].str.split().map(lambda chosen: "food" in chosen)
    rows = table[table["indicator"] == "prop_needs_food"].set_index(["disaggregation", "level"])
    assert rows.loc[("total", "total"), "estimate"] == pytest.approx(food.mean(), abs=1e-12)
    by_sex = food.groupby(frame["sex"]).agg(["mean", "size"])
    for sex, (share, size) in by_sex.iterrows():
        assert rows.loc[("sex", sex), "estimate"] == pytest.approx(share, abs=1e-12)
        assert rows.loc[("sex", sex), "n"] == size
    irregular = frame["regular_status"] == "irregular"
    status = table[table["analysis_key"] == "prop_regular_status_irregular @/@ total %/% total"]
    assert status["estimate"].item() == pytest.approx(irregular.mean(), abs=1e-12)
    days = table[table["analysis_key"] == "mean_days_on_route @/@ total %/% total"]
    assert days["estimate"].item() == pytest.approx(frame["days_on_route"].mean(), abs=1e-9)
    assert days["n"].item() == frame["days_on_route"].notna().sum()


def test_small_cells_are_suppressed_after_estimation() -> None:
    frame = fake_frame("integration_survey", 600, 3)
    host = frame.index[frame["group"] == "host"]
    frame.loc[host, "sex"] = "male"
    frame.loc[host[:3], "sex"] = "female"  # three host women: a cell under 5
    table = compute(load_catalogue(), frame, country="PER", period="2023-12",
                    dataset="integration_survey").to_frame()  # fmt: skip
    cell = table[table["level"] == "host x female"]
    assert len(cell) > 0 and cell["suppressed"].all()
    assert cell["estimate"].isna().all() and (cell["n"] <= 3).all()
    # Under 5 observations, or none (indicators whose universe none of them is in).
    withheld = {"suppressed_small_cell", "suppressed_no_observations"}
    assert all(withheld & set(f.split()) for f in cell["flags"])
    everything = compute(load_catalogue(), frame, country="PER", period="2023-12",
                         dataset="integration_survey", min_count=10**6).to_frame()  # fmt: skip
    assert everything["suppressed"].all() and everything["estimate"].isna().all()


def test_results_follow_the_contract_and_export_to_hxl(tmp_path) -> None:
    frame = fake_frame("students", 500, 5)
    before = frame.copy(deep=True)
    result = compute(load_catalogue(), frame, country="GUY", period="2024-01",
                     dataset="students")  # fmt: skip
    pd.testing.assert_frame_equal(frame, before)  # the input is never modified
    table = result.to_frame()
    # The required contract columns first, in order; the optional unit and numerator present.
    contract_columns = [f.name for f in load_contract("results").fields]
    assert list(table.columns[: len(RESULTS_COLUMNS)]) == list(RESULTS_COLUMNS)
    assert set(contract_columns) <= set(table.columns)
    assert table["analysis_key"].is_unique
    report = validate_frame(table[contract_columns], "results")
    assert report.ok, report.to_frame().head().to_string()
    again = compute(load_catalogue(), frame, country="GUY", period="2024-01", dataset="students")
    pd.testing.assert_frame_equal(again.to_frame(), table)
    labelled = result.labelled("en")
    assert labelled.loc[0, "label"] == "Students who repeated a grade"
    assert "students GUY 2024-01 (design-based)" in result.summary()
    assert "<table" in result._repr_html_()
    back = read_hxl_csv(to_hxl_csv(result, tmp_path / "students.csv"))
    np.testing.assert_array_equal(back["estimate"].to_numpy(), table["estimate"].to_numpy())


def test_a_given_design_is_used_as_is() -> None:
    frame = fake_frame("integration_survey", 500, 11)
    with_replacement = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    result = compute(
        load_catalogue(),
        frame,
        with_replacement,
        country="PER",
        period="2023-12",
        dataset="integration_survey",
        indicators=["prop_employed"],
    )
    table = result.to_frame()
    assert set(table["indicator"]) == {"prop_employed"}
    f = frame.copy()
    f["x"] = as_float(frame["employed"])
    expected = estimate_proportion(
        "x", SurveyDesign(f, weights="weight", strata="stratum", psu="psu"), ci_method="beta"
    ).to_frame()
    total = table[table["disaggregation"] == "total"]
    assert total["se"].item() == pytest.approx(expected["se"].item(), rel=1e-12)


def test_quantiles_under_replicate_weights_are_reported_not_estimated() -> None:
    frame = fake_frame("integration_survey", 300, 4)
    replicates = replicate_design(design(frame), "JKn")
    result = compute(load_catalogue(), frame, replicates, country="PER", period="2023-12",
                     dataset="integration_survey",
                     indicators=["median_monthly_income", "prop_employed"])  # fmt: skip
    assert set(result.to_frame()["indicator"]) == {"prop_employed"}
    assert result.skipped == (
        ("median_monthly_income",
         "evidence.survey estimates quantiles under linearisation designs only"),
    )  # fmt: skip
    assert "Not estimated: median_monthly_income" in result.summary()


def test_entry_point_errors_say_what_to_fix() -> None:
    catalogue = load_catalogue()
    frame = fake_frame("flow_survey", 50, 1)
    with pytest.raises(OptionError, match="pass dataset="):
        compute(catalogue, frame, country="COL", period="2023-12")
    with pytest.raises(OptionError, match="VEN"):
        compute(catalogue, frame, country="VEN", period="2023-12", dataset="flow_survey")
    with pytest.raises(OptionError, match="YYYY-MM"):
        compute(catalogue, frame, country="COL", period="2023-13", dataset="flow_survey")
    with pytest.raises(ContractError, match="nothing to estimate"):
        compute(catalogue, frame.iloc[:0], country="COL", period="2023-12", dataset="flow_survey")
    other = fake_frame("integration_survey", 40, 2)
    with pytest.raises(OptionError, match="same frame"):
        compute(catalogue, other, design(other.iloc[:20]), country="PER", period="2023-12",
                dataset="integration_survey")  # fmt: skip
