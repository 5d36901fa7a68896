"""The Korn-Graubard interval the library publishes, and the NCHS effective sample size.

One function, ``korn_graubard_interval``, computes the interval of a proportion that is both
published (``ci_method = korn_graubard`` in a results table) and judged by the NCHS width rules
(nchs.py). The definition is that of the NCHS Data Presentation Standards for Proportions
(Parker JD, Talih M, Malec DJ, et al. Vital Health Stat 2(175), 2017), as NCHS implements it
(CDCgov/surveytable ``svyciprop_adjusted``):

    n_eff  = p(1 - p) / se^2                          Kish effective sample size of the estimate
    n*     = min(n, n_eff * (t_{n-1} / t_df)^2)       df adjustment, then truncation at n
    CI     = [Beta^-1(a/2; n* p, n*(1 - p) + 1), Beta^-1(1 - a/2; n* p + 1, n*(1 - p))]

and n* = n when p is 0 or 1 (the variance is degenerate).

How it differs from R, by design. ``survey::svyciprop(method = "beta")`` is the same formula
*without* the truncation at n: where the design effect is below the df ratio (a sample spread
evenly over PSUs, a well stratified one), R's n* exceeds the number of people asked and its
interval is narrower than Clopper-Pearson's on the full sample. NCHS truncates, and so do we:
a published interval never claims more information than n respondents hold. The survey engine
(``evidence.survey``, ``ci_method="beta"``) reproduces R's interval for analysts and is tested
against R; disclosure control (``apply_disclosure``) replaces the interval of every published
``korn_graubard`` row with this one, so the interval a reader sees is the interval the NCHS
rules judged. ``truncate_at_n=False`` gives R's interval, for the reference tests only.

n and df are the unweighted observations and design degrees of freedom *of the estimate*: the
engine counts both on the rows where the variable is observed. R's ``svyciprop`` takes
``nrow(design)`` and ``degf(design)``, which count every row of the (sub)design, missing values
included; on a variable with missing values the two differ by design (ours is the sample the
estimate rests on). Reference: tests/disclosure/reference/korn_graubard.R.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# Shape parameters below this are the Beta(0, b) / Beta(a, 0) point-mass limit (see below).
_TINY_SHAPE = 1e-12


def _kish_effective_sample_size(p: FloatArray, se: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        kish = p * (1.0 - p) / se**2
    # se == 0 with 0 < p < 1: no sampling variance was measurable, nothing bounds n_eff but n.
    return np.where((se == 0) & (p > 0) & (p < 1), np.inf, kish)


def nchs_effective_sample_size(estimate: FloatArray, se: FloatArray, n: FloatArray) -> FloatArray:
    """NCHS effective sample size of a proportion: p(1-p)/se^2, at most n; n when p is 0 or 1.

    This is the n_eff of the standard's first step (no df adjustment). Missing where p or se
    is missing (and p is not 0 or 1), so the caller can fall back to another source or treat
    the row as not assessable.

    NCHS Data Presentation Standards for Proportions (Parker et al. 2017), step 1.

    Parameters
    ----------
    estimate, se, n : array-like
        Proportions, their standard errors and unweighted counts, row by row.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> nchs_effective_sample_size([0.5, 0.0], [0.025, 0.0], [1000, 40]).round(1).tolist()
    [400.0, 40.0]
    """
    p = np.asarray(estimate, dtype=float)
    n_ = np.asarray(n, dtype=float)
    kish = _kish_effective_sample_size(p, np.asarray(se, dtype=float))
    degenerate = (p == 0) | (p == 1)
    return np.where(degenerate, n_, np.minimum(kish, n_))


def korn_graubard_interval(
    estimate: FloatArray,
    se: FloatArray,
    n: FloatArray,
    df: FloatArray,
    level: float = 0.95,
    *,
    truncate_at_n: bool = True,
) -> tuple[FloatArray, FloatArray]:
    """Korn-Graubard (1998) interval of survey proportions as NCHS defines it, row by row.

    ``truncate_at_n`` (default, the published interval) caps the df-adjusted effective sample
    size at ``n``; ``False`` reproduces R ``survey::svyciprop(method = "beta")``, which does
    not. ``df`` missing means no design degrees of freedom are known: no adjustment (ratio 1).
    ``df <= 0`` (no degrees of freedom left, e.g. one PSU per stratum) gives no interval.
    Rows with a missing estimate or n, or a missing se with 0 < p < 1, give missing bounds.

    Parameters
    ----------
    estimate, se, n, df : array-like
        Proportions, standard errors, unweighted counts and design degrees of freedom.
    level : float, default 0.95
    truncate_at_n : bool, default True
        Cap the effective sample size at n (NCHS); False is R's ``svyciprop(method="beta")``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds.

    Examples
    --------
    The proportion employed of an 8-row stratified design (p = 0.6538, se = 0.1460, df = 2);
    R's ``svyciprop(~employed, design, method="beta")`` gives (0.0997, 0.9879):

    >>> low, high = korn_graubard_interval([0.65384615], [0.14600991], [8], [2])
    >>> low.round(4).tolist(), high.round(4).tolist()
    ([0.0997], [0.9879])
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
    ratio = np.where(df_ <= 0, np.nan, ratio)
    degenerate = (p == 0) | (p == 1)
    adjusted = n_eff * ratio
    if truncate_at_n:
        adjusted = np.minimum(n_, adjusted)
    adjusted = np.where(degenerate, n_, adjusted)
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
