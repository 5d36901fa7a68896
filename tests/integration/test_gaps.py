"""Migrant-host gaps against R's svycontrast (reference/gap_reference.R, survey 4.1.1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.indicators.estimates import to_results
from evidence.integration.gap_variance import Contrast, difference_se
from evidence.integration.gaps import group_gaps
from evidence.survey import SurveyDesign, estimate_mean

REFERENCE = Path(__file__).parent / "reference"
RTOL = 1e-9  # R printed 15 significant digits


def reference_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    data = pd.read_csv(REFERENCE / "gap_data.csv")
    expected = pd.read_csv(REFERENCE / "gap_results.csv")
    return data, expected


def test_independent_gap_and_its_se_equal_r_svycontrast() -> None:
    data, expected = reference_data()
    expected = expected[expected["case"] == "strata"].set_index("variable")
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    results = to_results(
        estimate_mean(["y", "b"], design, by="group"),
        statistic="mean",
        country="COL",
        period="2023-12",
    )
    gaps = group_gaps(results, group_variable="group", focus="migrant", reference="host")
    for variable in ("y", "b"):
        row = gaps[gaps["indicator"] == f"mean_{variable}"].iloc[0]
        ref = expected.loc[variable]
        assert ref["covariance"] == 0  # groups in distinct strata: independent
        assert row["reference"] == pytest.approx(ref["host"], rel=RTOL)
        assert row["focus"] == pytest.approx(ref["migrant"], rel=RTOL)
        assert row["gap"] == pytest.approx(ref["gap"], rel=RTOL)
        assert row["gap_se"] == pytest.approx(ref["gap_se"], rel=RTOL)
        assert row["gap_ci_low"] < row["gap"] < row["gap_ci_high"]


def test_suppressed_side_withholds_the_gap_and_dependent_groups_get_no_se() -> None:
    results = pd.DataFrame(
        {
            "indicator": ["prop_x"] * 4,
            "disaggregation": ["group", "group", "group x sex", "group x sex"],
            "level": ["host", "migrant", "host x female", "migrant x female"],
            "estimate": [0.5, 0.4, 0.6, np.nan],
            "se": [0.01, 0.02, 0.03, np.nan],
            "ci_low": [0.48, 0.36, 0.54, np.nan],
            "ci_high": [0.52, 0.44, 0.66, np.nan],
            "df": [30.0, 30.0, 30.0, 30.0],
            "n": [100, 90, 50, 3],
            "suppressed": [False, False, False, True],
        }
    )
    gaps = group_gaps(results, group_variable="group", focus="migrant", reference="host")
    total, female = gaps.iloc[0], gaps.iloc[1]
    assert total["level"] == "total" and total["gap"] == pytest.approx(-0.1)
    assert total["gap_se"] == pytest.approx(np.sqrt(0.01**2 + 0.02**2))
    assert female["level"] == "female" and female["suppressed"] and np.isnan(female["gap"])
    dependent = group_gaps(
        results, group_variable="group", focus="migrant", reference="host", independent=False
    )
    assert np.isnan(dependent.iloc[0]["gap_se"]) and dependent.iloc[0]["gap"] == pytest.approx(-0.1)


@pytest.mark.parametrize("case", ["strata", "shared"])
def test_linearised_difference_se_equals_r_svycontrast(case: str) -> None:
    data, expected = reference_data()
    expected = expected[expected["case"] == case].set_index("variable")
    group = data["group" if case == "strata" else "shared_group"].to_numpy()
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    contrasts = [
        Contrast(
            (v, "total"), data[v].to_numpy(dtype=float), None, group == "migrant", group == "host"
        )
        for v in ("y", "b")
    ]
    contrasts.append(
        Contrast(
            ("enrolled/children", "total"),
            data["enrolled"].to_numpy(dtype=float),
            data["children"].to_numpy(dtype=float),
            group == "migrant",
            group == "host",
        )
    )
    se = difference_se(design, contrasts)
    for variable in ("y", "b", "enrolled/children"):
        assert se[(variable, "total")] == pytest.approx(expected.loc[variable, "gap_se"], rel=RTOL)
    if case == "shared":
        # The covariance matters here: the independent formula would be wrong.
        assert expected["covariance"].abs().min() > 0
