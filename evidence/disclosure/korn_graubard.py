"""Korn-Graubard confidence intervals and the NCHS effective sample size for proportions.

Disclosure control judges a proportion by the width of its Korn-Graubard interval (NCHS Data
Presentation Standards for Proportions, Parker et al. 2017, Vital Health Stat 2(175)). Where
a results table already carries that interval it is used as is; otherwise it is rebuilt here
from the estimate, its standard error, the unweighted count and the degrees of freedom:

    n_eff  = p(1 - p) / se^2                       Kish effective sample size of the estimate
    n*_eff = min(n, n_eff * (t_{n-1} / t_df)^2)    Korn-Graubard degrees-of-freedom adjustment
    CI     = [Beta^-1(a/2; n* p, n*(1 - p) + 1), Beta^-1(1 - a/2; n* p + 1, n*(1 - p))]

which is R ``survey::svyciprop(method = "beta")`` with the truncation of n*_eff at the sample
size that NCHS applies (CDCgov/surveytable ``svyciprop_adjusted``). When p is 0 or 1 the
variance is degenerate and n*_eff is the sample size, as in both references.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def _kish_effective_sample_size(p: FloatArray, se: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        kish = p * (1.0 - p) / se**2
    # se == 0 with 0 < p < 1: no sampling variance was measurable, nothing bounds n_eff but n.
    return np.where((se == 0) & (p > 0) & (p < 1), np.inf, kish)


def nchs_effective_sample_size(estimate: FloatArray, se: FloatArray, n: FloatArray) -> FloatArray:
    """NCHS effective sample size of a proportion: p(1-p)/se^2, at most n; n when p is 0 or 1.

    Missing where p or se is missing (and p is not 0 or 1), so the caller can fall back to
    another source or treat the row as not assessable.
    """
    p = np.asarray(estimate, dtype=float)
    n_ = np.asarray(n, dtype=float)
    kish = _kish_effective_sample_size(p, np.asarray(se, dtype=float))
    degenerate = (p == 0) | (p == 1)
    return np.where(degenerate, n_, np.minimum(kish, n_))


_TINY_SHAPE = 1e-12


def korn_graubard_interval(
    estimate: FloatArray,
    se: FloatArray,
    n: FloatArray,
    df: FloatArray,
    level: float = 0.95,
) -> tuple[FloatArray, FloatArray]:
    """Korn-Graubard (1998) interval for survey proportions, vectorised over rows.

    ``df`` missing means no design degrees of freedom are known: no adjustment (ratio 1).
    Rows with a missing estimate, se or n give missing bounds.
    """
    # scipy.stats costs about a second to import: load it when an interval is needed.
    from scipy import stats

    p = np.asarray(estimate, dtype=float)
    n_ = np.asarray(n, dtype=float)
    df_ = np.asarray(df, dtype=float)
    alpha = 1.0 - level
    # The df adjustment applies to the untruncated n_eff; truncation at n comes after.
    n_eff = _kish_effective_sample_size(p, np.asarray(se, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        t_srs = stats.t.ppf(alpha / 2, n_ - 1)
        t_design = stats.t.ppf(alpha / 2, df_)
        ratio = np.where(np.isnan(df_), 1.0, (t_srs / t_design) ** 2)
    # No degrees of freedom left (one PSU per stratum): no interval can be formed.
    ratio = np.where(df_ <= 0, np.nan, ratio)
    degenerate = (p == 0) | (p == 1)
    adjusted = np.where(degenerate, n_, np.minimum(n_, n_eff * ratio))
    a_lower = adjusted * p
    b_upper = adjusted * (1 - p)
    # Beta(0, b) and Beta(a, 0) are point masses: the bound sits on the edge, as in R's qbeta.
    # Shape parameters below 1e-12 (estimates that are 0 up to rounding, e.g. 5e-324) are the
    # same limit; passing them on makes boost's beta quantile overflow, so they never reach it.
    at_zero = a_lower < _TINY_SHAPE
    at_one = b_upper < _TINY_SHAPE
    with np.errstate(all="ignore"):
        lower = stats.beta.ppf(
            alpha / 2, np.where(at_zero, 1.0, a_lower), np.where(at_zero, 1.0, b_upper + 1)
        )
        upper = stats.beta.ppf(
            1 - alpha / 2, np.where(at_one, 1.0, a_lower + 1), np.where(at_one, 1.0, b_upper)
        )
    lower = np.where(at_zero, 0.0, lower)
    upper = np.where(at_one, 1.0, upper)
    return np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
