"""Confidence intervals, vectorised over every estimate of a batch.

Means, totals and ratios get Wald intervals with the t quantile on the design degrees of
freedom (or the normal quantile, R's ``confint`` default). Proportions get the intervals of
R's ``svyciprop`` (same formulas, same degrees of freedom) plus Wilson's score interval:

- ``logit``/``xlogit``: Wald interval of logit(p), delta-method SE, mapped back with expit
  (R computes ``logit`` with ``svyglm`` and ``xlogit`` with ``svycontrast``; both are this).
- ``asin``: Wald interval of asin(sqrt(p)), mapped back with sin(.)^2.
- ``mean``: Wald interval of p itself.
- ``beta``: Korn and Graubard (1998): Clopper-Pearson with the effective sample size
  n* = p(1-p)/var(p), times (t_{n-1}/t_df)^2.
- ``wilson``: Wilson's score interval with the effective sample size n* = p(1-p)/var(p) and
  the t quantile on the design df (the design-based Wilson interval of e.g. Stata's
  ``proportion, citype(wilson)``; with df = inf it is the textbook interval at n*).

When p is 0 or 1 the effective sample size is undefined; ``beta`` and ``wilson`` then use
the actual n, the rule of the NCHS data presentation standards (R returns NaN there).
"""

from __future__ import annotations

import numpy as np

from evidence.survey.options import ProportionCI


def critical_value(df: np.ndarray | float, level: float) -> np.ndarray:
    """Two-sided t quantile on ``df`` degrees of freedom (normal for inf, NaN for df < 1)."""
    from scipy import stats

    df = np.asarray(df, dtype=float)
    q = 1 - (1 - level) / 2
    with np.errstate(invalid="ignore"):
        crit = np.where(
            np.isinf(df), stats.norm.ppf(q), stats.t.ppf(q, np.where(df >= 1, df, np.nan))
        )
    return np.asarray(crit)


def wald(
    estimate: np.ndarray, se: np.ndarray, df: np.ndarray | float, level: float
) -> tuple[np.ndarray, np.ndarray]:
    crit = critical_value(df, level)
    return estimate - crit * se, estimate + crit * se


def _expit(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def proportion_interval(
    method: ProportionCI,
    p: np.ndarray,
    se: np.ndarray,
    df: np.ndarray,
    n: np.ndarray,
    level: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Interval of proportions ``p`` with standard errors ``se`` (all arrays of one shape)."""
    p, se, df, n = (np.asarray(a, dtype=float) for a in (p, se, df, n))
    crit = critical_value(df, level)
    alpha = 1 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "mean":
            return p - crit * se, p + crit * se
        if method in ("logit", "xlogit"):
            centre = np.log(p / (1 - p))
            half = crit * se / (p * (1 - p))
            return _expit(centre - half), _expit(centre + half)
        if method == "asin":
            centre = np.arcsin(np.sqrt(p))
            half = crit * se / (2 * np.sqrt(p * (1 - p)))
            return np.sin(centre - half) ** 2, np.sin(centre + half) ** 2
        edge = (p == 0) | (p == 1)
        n_eff = np.where(edge, n, p * (1 - p) / se**2)
        if method == "beta":
            from scipy import stats

            ratio = stats.t.ppf(alpha / 2, n - 1) / stats.t.ppf(
                alpha / 2, np.where(df >= 1, df, np.nan)
            )
            n_eff = n_eff * ratio**2
            low = stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1)
            high = stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p))
            return np.where(p == 0, 0.0, low), np.where(p == 1, 1.0, high)
        # wilson
        z2 = crit**2
        denominator = 1 + z2 / n_eff
        centre = (p + z2 / (2 * n_eff)) / denominator
        half = crit * np.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff**2)) / denominator
        return centre - half, centre + half
