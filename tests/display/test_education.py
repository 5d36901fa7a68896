"""Education display helpers: published rows in, labelled tables and figure frames out.

Rows are made by hand (a reader can check every number) and go through the one publication
path, so a withheld row is exercised as the study meets it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from evidence.display import education as ed
from evidence.dropout.features import INTERPRETABLE_FEATURES
from evidence.dropout.integrity import HANDLING
from evidence.dropout.results import ResultRow, results_frame
from evidence.i18n import translate
from evidence.indicators.publish import publish

PERIOD = "2023-12"


def published(rows: list[ResultRow], country: str = "COL") -> pd.DataFrame:
    return publish(results_frame(rows, country, PERIOD))


def model_rows(country: str = "COL") -> pd.DataFrame:
    rows = [
        ResultRow("dropout_model_students", 1000.0, "count", 1000),
        ResultRow("dropout_model_dropouts", 120.0, "count", 1000),
        ResultRow("dropout_linkage_students", 1010.0, "count", 1010),
        ResultRow("dropout_linkage_linked", 1000.0, "count", 1000),
    ]
    rows += [
        ResultRow("dropout_integrity", float(k * 7), "count", k * 7, "check", check)
        for k, check in enumerate(HANDLING)
    ]
    domains = [("total", "total", 1000), ("group", "national", 600), ("group", "migrant", 400)]
    domains += [("sex", "female", 500), ("sex", "male", 500)]
    for position, (by, level, n) in enumerate(domains):
        shift = position / 100
        rows += [
            ResultRow("dropout_model_roc_auc", 0.70 + shift, "index", n, by, level,
                      ci_low=0.65, ci_high=0.75, ci_method="bootstrap"),
            ResultRow("dropout_model_average_precision", 0.30 + shift, "index", n, by, level),
            ResultRow("dropout_model_brier", 0.09, "mean", n, by, level),
            ResultRow("dropout_model_calibration_intercept", 0.01, "coefficient", n, by, level),
            ResultRow("dropout_model_calibration_slope", 1.02 - shift, "coefficient", n, by, level),
            ResultRow("dropout_model_precision_top_10", 0.32, "proportion", n, by, level,
                      se=0.01, numerator=n // 20),
            ResultRow("dropout_model_recall_top_10", 0.31, "proportion", n, by, level,
                      se=0.01, numerator=n // 20),
            ResultRow("dropout_model_precision_top_20", 0.24, "proportion", n, by, level,
                      se=0.01, numerator=n // 10),
            ResultRow("dropout_model_recall_top_20", 0.46, "proportion", n, by, level,
                      se=0.01, numerator=n // 10),
        ]  # fmt: skip
    for metric, unit in (("roc_auc", "difference"), ("calibration_slope", "difference")):
        for by, level in (("group", "migrant_minus_national"), ("sex", "female_minus_male")):
            rows.append(
                ResultRow(f"dropout_model_{metric}_gap", -0.03, unit, 1000, by, level,
                          ci_low=-0.08, ci_high=0.02, ci_method="bootstrap")
            )  # fmt: skip
    rows.append(ResultRow("dropout_model_recall_top_10_gap", 0.05, "difference", 1000, "group",
                          "migrant_minus_national", ci_low=0.0, ci_high=0.1))  # fmt: skip
    for k, term in enumerate(INTERPRETABLE_FEATURES):
        rows.append(
            ResultRow(
                "dropout_odds_ratio",
                1.0 + k / 10,
                "odds_ratio",
                1000,
                "factor",
                term,
                ci_low=0.9 + k / 10,
                ci_high=1.2 + k / 10,
                ci_method="wald",
            )
        )
        rows.append(
            ResultRow(
                "dropout_marginal_effect",
                k / 100,
                "marginal_effect",
                1000,
                "factor",
                term,
                ci_low=k / 100 - 0.01,
                ci_high=k / 100 + 0.01,
                ci_method="wald",
            )
        )
    for feature, importance in (
        ("attendance_rate", 0.05),
        ("child_work", 0.02),
        ("school_rating_resources", 0.001),
    ):
        rows.append(
            ResultRow(
                "dropout_permutation_importance", importance, "difference", 1000, "factor", feature
            )
        )
    for level, n, dropouts in (("total", 1000, 100), ("migrant", 400, 80), ("national", 600, 2)):
        for b in (1, 2):
            key = f"{level} x {b:02d}"
            by = "total x bin" if level == "total" else "group x bin"
            p = dropouts / n
            rows.append(ResultRow("dropout_reliability_predicted", b / 10, "mean", n, by, key))
            observed = ResultRow(
                "dropout_reliability_observed", p, "proportion", n, by, key,
                se=math.sqrt(p * (1 - p) / n), numerator=dropouts,
            )  # fmt: skip
            rows.append(observed)
    return published(rows, country)  # fmt: skip


def rate_rows() -> pd.DataFrame:
    rows = []
    for by, level, share, n in (
        ("total", "total", 0.08, 2000),
        ("migrant", "false", 0.07, 1200),
        ("migrant", "true", 0.13, 800),
        ("sex", "female", 0.075, 1000),
        ("sex", "male", 0.085, 1000),
    ):
        rows.append(
            ResultRow("prop_student_dropout_followup", share, "proportion", n, by, level,
                      ci_low=share - 0.01, ci_high=share + 0.01, ci_method="logit",
                      numerator=round(share * n))
        )  # fmt: skip
    rows.append(
        ResultRow("diff_prop_student_dropout_followup", 0.06, "difference", 2000,
                  ci_low=0.04, ci_high=0.08, ci_method="wald")
    )  # fmt: skip
    # Design-based rows as the integration indicators publish them (not re-published here:
    # the helpers read only estimates and intervals).
    return results_frame(rows, "COL", PERIOD)


def test_quality_table_reads_each_cell_from_its_row_and_leaves_the_input_alone() -> None:
    rows = model_rows()
    before = rows.copy()
    table = ed.quality_for_display(rows, "en")
    pd.testing.assert_frame_equal(rows, before)
    assert list(table.columns) == [
        "Measure", "All students", "95% CI low", "95% CI high", "National", "Migrant", "Girls",
        "Boys",
    ]  # fmt: skip
    auc = table.iloc[0]
    assert auc["Measure"] == "AUC (discrimination)"
    assert auc["All students"] == pytest.approx(0.70)
    assert (auc["95% CI low"], auc["95% CI high"]) == pytest.approx((0.65, 0.75))
    assert auc["Migrant"] == pytest.approx(0.72)  # third domain: 0.70 + 2/100
    assert table.attrs["row_units"][0] == "index"
    assert table.attrs["row_units"][-1] == "proportion"


def test_a_missing_quality_row_is_an_empty_cell() -> None:
    rows = model_rows()
    rows = rows[~((rows["indicator"] == "dropout_model_roc_auc") & (rows["level"] == "male"))]
    table = ed.quality_for_display(rows, "es")
    assert math.isnan(table.iloc[0]["Niños"])


def test_quality_gaps_write_share_gaps_in_points() -> None:
    table = ed.quality_gaps_for_display(model_rows(), "pt")
    assert table.iloc[0, 0] == "AUC: migrantes − nacionais"
    assert table.iloc[0, 1] == pytest.approx(-0.03)
    assert table.attrs["row_units"] == ["index", "coefficient", "points"] * 2
    # The sex gap of recall was not published: an empty row, not an error.
    assert np.isnan(table.iloc[5, 1])


def test_integrity_table_holds_one_count_per_check_and_nothing_else() -> None:
    table = ed.integrity_for_display(model_rows(), "en")
    assert len(table) == len(HANDLING)
    assert table.shape[1] == 2
    counts = table["Cases"].to_numpy(dtype=float)
    # Counts 1..4 are withheld by the minimum-count rule; 0 and 7 and more are shown.
    assert counts[0] == 0 and counts[1] == 7 and counts[-1] == 7 * (len(HANDLING) - 1)
    assert table.iloc[6, 0] == translate("education.check.students_without_label", "en")


def test_factors_put_each_term_beside_its_predictive_feature() -> None:
    frame = ed.factors(model_rows(), "en")
    assert list(frame["term"]) == list(INTERPRETABLE_FEATURES)
    attendance = frame.set_index("term").loc["attendance_per_10_points"]
    assert attendance["importance"] == pytest.approx(0.05)  # from attendance_rate
    assert attendance["odds_ratio"] == pytest.approx(1.0)
    work = frame.set_index("term").loc["child_work"]
    assert work["importance"] == pytest.approx(0.02)
    assert work["ame"] == pytest.approx(0.03)  # fourth term: 3/100
    # No importance published for bullying: empty, the odds ratio still there.
    bullying = frame.set_index("term").loc["bullying"]
    assert np.isnan(bullying["importance"]) and bullying["odds_ratio"] == pytest.approx(1.5)
    table = ed.factors_for_display(model_rows(), "es")
    assert table.attrs["units"]["Efecto marginal (puntos)"] == "points"


def test_migrant_gap_puts_the_raw_gap_beside_the_adjusted_one() -> None:
    gap = ed.migrant_gap(rate_rows(), model_rows())
    assert gap["raw"] == pytest.approx(0.06)
    assert (gap["raw_low"], gap["raw_high"]) == pytest.approx((0.04, 0.08))
    migrant = INTERPRETABLE_FEATURES.index("migrant")
    assert gap["adjusted"] == pytest.approx(migrant / 100)
    assert gap["odds_ratio"] == pytest.approx(1 + migrant / 10)
    table = ed.migrant_gap_for_display(rate_rows(), model_rows(), "en")
    assert list(table.iloc[:, 0]) == [
        "Raw gap (dropout rates)",
        "Adjusted gap (interpretable model)",
    ]


def test_rates_keep_the_order_and_empty_cells_for_missing_domains() -> None:
    rates = ed.dropout_rates(rate_rows(), "en")
    assert list(rates["label"][:3]) == ["All students", "National", "Migrant"]
    assert list(rates["group"][:3]) == ["total", "national", "migrant"]
    assert rates["estimate"].iloc[2] == pytest.approx(0.13)
    assert rates["estimate"].iloc[5:].isna().all()  # migrant x sex not published here
    table = ed.rates_for_display(rate_rows(), "es")
    assert set(table.attrs["units"].values()) == {"proportion", "count"}
    # Each rate shows the students behind it: its published n.
    assert table["Estudiantes"].tolist()[:5] == [2000, 1200, 800, 1000, 1000]
    assert table["Estudiantes"].iloc[5:].isna().all()


def table_value(table: pd.DataFrame, row: int) -> float:
    return float(table.iloc[row, 1])


def test_reliability_splits_levels_and_bins() -> None:
    curves = ed.reliability(model_rows(), "group")
    assert set(curves["level"]) == {"total", "migrant", "national"}
    migrant = curves[curves["level"] == "migrant"].sort_values("bin")
    assert list(migrant["bin"]) == [1, 2]
    assert list(migrant["mean_predicted"]) == pytest.approx([0.1, 0.2])
    assert list(migrant["observed"]) == pytest.approx([0.2, 0.2])
    assert table_value(ed.quality_for_display(model_rows(), "en"), -1) == pytest.approx(0.46)
    # national: 2 dropouts in a bin is below the minimum count: withheld, NaN.
    assert curves[curves["level"] == "national"]["observed"].isna().all()


def test_fitted_is_read_from_the_rows() -> None:
    rows = model_rows()
    assert ed.is_fitted(rows)
    assert not ed.is_fitted(rows[~rows["indicator"].str.startswith("dropout_model_roc")])


def test_regional_table_shows_countries_without_a_model_as_empty() -> None:
    fitted = model_rows("COL")
    unfitted = published(
        [
            ResultRow("dropout_model_students", 500.0, "count", 500),
            ResultRow("dropout_model_dropouts", 60.0, "count", 500),
        ],
        "ABW",
    )
    rows = pd.concat([fitted, unfitted], ignore_index=True)
    table = ed.regional_table(rows, "en")
    assert list(table.iloc[:, 0]) == ["Colombia", "Aruba"]
    assert table.iloc[1, 1] == 500  # students (the models' n) shown for every country
    assert table.iloc[1, 2] == 60  # dropouts shown for every country
    assert table.iloc[1, 3:].isna().all()
    assert table.iloc[0, 3] == pytest.approx(0.70)
    assert table.attrs["units"][table.columns[-1]] == "points"
    assert ed.too_few_countries(rows, "es") == "Aruba"
    assert ed.too_few_countries(fitted, "es") == ""
