"""The published Korn-Graubard interval against R, and the NCHS definition it follows.

Reference: tests/disclosure/reference/korn_graubard.R (R 4.2.2, survey 4.1.1), written to
korn_graubard.csv beside it. For each proportion R gives

- ``survey::svyciprop(formula, design, method = "beta")`` (columns r_low, r_high), whose
  df-adjusted effective sample size is never truncated, and
- the NCHS interval (nchs_low, nchs_high): the same formula with n* = min(n, n_eff * ratio),
  as CDCgov/surveytable ``svyciprop_adjusted`` computes it for the NCHS Data Presentation
  Standards for Proportions (Parker et al. 2017, Vital Health Stat 2(175)).

The library publishes the NCHS interval; ``truncate_at_n=False`` must give R's. Cases: R's api
data (apiclus1, apistrat) and a synthetic stratified cluster sample made in R with a fixed
seed (korn_graubard_data.csv) that no other test uses; in five of the cases the truncation
binds. Tolerance: 1e-9 absolute (same closed form, double-precision beta quantiles).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.disclosure import korn_graubard_interval, nchs_effective_sample_size

REFERENCE = Path(__file__).parent / "reference"
R_CASES = pd.read_csv(REFERENCE / "korn_graubard.csv")
TOLERANCE = 1e-9


def case_arrays(case: pd.Series) -> tuple[np.ndarray, ...]:
    return tuple(np.array([float(case[c])]) for c in ("p", "se", "n", "df"))


@pytest.mark.parametrize("case", [c for _, c in R_CASES.iterrows()], ids=list(R_CASES["case"]))
def test_untruncated_interval_is_r_svyciprop_beta(case: pd.Series) -> None:
    # R: svyciprop(formula, design, method = "beta"); the call is in the csv's `call` column.
    low, high = korn_graubard_interval(*case_arrays(case), truncate_at_n=False)
    assert low[0] == pytest.approx(case["r_low"], abs=TOLERANCE), case["call"]
    assert high[0] == pytest.approx(case["r_high"], abs=TOLERANCE), case["call"]


@pytest.mark.parametrize("case", [c for _, c in R_CASES.iterrows()], ids=list(R_CASES["case"]))
def test_published_interval_is_the_nchs_one(case: pd.Series) -> None:
    # R: nchs_interval() in korn_graubard.R, the formula of surveytable's svyciprop_adjusted.
    low, high = korn_graubard_interval(*case_arrays(case))
    assert low[0] == pytest.approx(case["nchs_low"], abs=TOLERANCE)
    assert high[0] == pytest.approx(case["nchs_high"], abs=TOLERANCE)
    p, se, n, _ = case_arrays(case)
    assert nchs_effective_sample_size(p, se, n)[0] == pytest.approx(case["nchs_n_effective"])
    if case["cap_binds"]:
        # Truncating n* at n widens the interval: R's is narrower than n respondents allow.
        assert high[0] - low[0] > case["r_high"] - case["r_low"] + 1e-6
    else:
        assert (low[0], high[0]) == pytest.approx((case["r_low"], case["r_high"]), abs=TOLERANCE)


def test_the_reference_covers_binding_and_free_truncation() -> None:
    assert R_CASES["cap_binds"].sum() >= 3 and (~R_CASES["cap_binds"]).sum() >= 3
    assert set(R_CASES["data"]) == {"apiclus1", "apistrat", "synthetic"}


def test_zero_and_one_use_the_sample_size() -> None:
    # NCHS (svyciprop_adjusted): n* = n when p = 0, no df ratio; R's svyciprop gives NaN there.
    # Clopper-Pearson at n = 40: qbeta(0.975, 1, 40) = 1 - 0.025^(1/40).
    low, high = korn_graubard_interval(
        np.array([0.0, 1.0]), np.array([0.0, 0.0]), np.array([40.0, 40.0]), np.array([12.0] * 2)
    )
    assert low[0] == 0.0 and high[1] == 1.0
    assert high[0] == pytest.approx(1 - 0.025 ** (1 / 40), abs=1e-12)
    assert low[1] == pytest.approx(0.025 ** (1 / 40), abs=1e-12)


def test_effective_sample_size_definition() -> None:
    n_eff = nchs_effective_sample_size(
        np.array([0.5, 0.5, 0.0, 0.3, np.nan]),
        np.array([0.05, 0.01, 0.0, np.nan, 0.1]),
        np.array([1000.0, 1000.0, 12.0, 50.0, 50.0]),
    )
    assert n_eff[0] == pytest.approx(100.0)  # 0.25 / 0.0025
    assert n_eff[1] == 1000.0  # 2500 truncated at n
    assert n_eff[2] == 12.0  # p = 0: the sample size
    assert np.isnan(n_eff[3]) and np.isnan(n_eff[4])


def test_no_degrees_of_freedom_left_gives_no_interval() -> None:
    low, high = korn_graubard_interval(
        np.array([0.4]), np.array([0.1]), np.array([20.0]), np.array([0.0])
    )
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_estimate_zero_up_to_rounding_gives_edge_bound_without_overflow() -> None:
    # Found by hypothesis: a denormal estimate with se 0 made scipy's beta quantile overflow.
    lower, upper = korn_graubard_interval(
        np.array([5e-324, 1 - 1e-17]),
        np.array([0.0, 0.0]),
        np.array([5.0, 5.0]),
        np.array([np.nan, np.nan]),
    )
    assert lower[0] == 0.0 and 0 < upper[0] < 1
    assert upper[1] == 1.0 and 0 < lower[1] < 1
