"""Korn-Graubard intervals agree with R survey::svyciprop(method = "beta").

Reference: tests/reference/korn_graubard.R (R survey 4.1.1, api data, one-stage cluster
design dclus1 and two of its domains). Tolerance 1e-9 absolute: both sides use the same
closed form and double-precision beta quantiles.
"""

from __future__ import annotations

import numpy as np
import pytest

from evidence.disclosure import korn_graubard_interval, nchs_effective_sample_size

# case, p, se, n, df, R lower, R upper, NCHS (n_eff truncated at n) lower, upper
R_SURVEY = [
    ("all_sch_wide", 0.87431693989071, 0.0203594772446274, 183, 14,
     0.823702210847501, 0.914704492126865, 0.817402607297405, 0.918632469087454),
    ("all_awards", 0.710382513661202, 0.0330182995537189, 183, 14,
     0.633436839061471, 0.7793385361783, 0.633436839061471, 0.7793385361783),
    ("high_awards", 0.428571428571429, 0.145649974809285, 14, 7,
     0.13504524783141, 0.765764190656581, 0.13504524783141, 0.765764190656581),
    ("middle_comp_imp", 0.56, 0.13260029229422, 25, 11,
     0.261371686328783, 0.829397110022722, 0.261371686328783, 0.829397110022722),
]  # fmt: skip


@pytest.mark.parametrize("case", R_SURVEY, ids=[c[0] for c in R_SURVEY])
def test_interval_matches_r_with_nchs_truncation(case: tuple) -> None:
    _, p, se, n, df, r_low, r_high, nchs_low, nchs_high = case
    low, high = korn_graubard_interval(np.array([p]), np.array([se]), np.array([n]), np.array([df]))
    assert low[0] == pytest.approx(nchs_low, abs=1e-9)
    assert high[0] == pytest.approx(nchs_high, abs=1e-9)
    # Where NCHS's truncation at n does not bind, this is R survey's interval exactly.
    if (r_low, r_high) == (nchs_low, nchs_high):
        assert (low[0], high[0]) == pytest.approx((r_low, r_high), abs=1e-9)


def test_zero_and_one_use_the_sample_size_as_in_r() -> None:
    # R: qbeta(0.975, 1, 40) for p = 0 with n = 40 (n_eff = n when p is 0).
    low, high = korn_graubard_interval(
        np.array([0.0, 1.0]), np.array([0.0, 0.0]), np.array([40.0, 40.0]), np.array([np.nan] * 2)
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
