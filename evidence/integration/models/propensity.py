"""Propensity weights and covariate balance for the effect of a binary treatment.

The propensity e(x) = P(treated | x) is a logistic regression weighted by the sampling
weights. Inverse probability weights combine with the sampling weights w:

    ATE: treated w / e,  controls w / (1 - e)
    ATT: treated w,      controls w e / (1 - e)

Balance is the standardised mean difference of each covariate column,
(mean_treated - mean_control) / sqrt((s2_treated + s2_control) / 2), the means weighted by
the sampling weights before adjustment and by the combined weights after, the standard
deviations always those before adjustment (so the two columns share one scale).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from evidence.integration.models.irls import fit_irls, inverse_link

Estimand = Literal["ATT", "ATE"]
BALANCE_THRESHOLD = 0.1  # |SMD| below this counts as balanced


def propensity(
    X: np.ndarray, treated: np.ndarray, w: np.ndarray, names: tuple[str, ...],
    start: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(fitted propensities, coefficients) of the weighted logistic model."""
    fit = fit_irls(X, treated.astype(float), w, "binomial", names, start=start,
                   check=start is None)  # fmt: skip
    return inverse_link("binomial", X @ fit.params), fit.params


def balancing_weights(
    w: np.ndarray, treated: np.ndarray, score: np.ndarray, estimand: Estimand
) -> np.ndarray:
    if estimand == "ATE":
        return np.where(treated, w / score, w / (1 - score))
    return np.where(treated, w, w * score / (1 - score))


def _weighted_moments(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = w @ x / w.sum()
    var = w @ (x - mean) ** 2 / w.sum()
    return mean, var


def balance_table(
    X: np.ndarray,
    names: tuple[str, ...],
    treated: np.ndarray,
    w: np.ndarray,
    adjusted: np.ndarray,
) -> pd.DataFrame:
    """SMD of every covariate column (not the intercept) before and after weighting."""
    columns = [j for j, name in enumerate(names) if name != "(intercept)"]
    x = X[:, columns]
    mean_t, var_t = _weighted_moments(x[treated], w[treated])
    mean_c, var_c = _weighted_moments(x[~treated], w[~treated])
    scale = np.sqrt((var_t + var_c) / 2)
    scale = np.where(scale > 0, scale, np.nan)
    after_t, _ = _weighted_moments(x[treated], adjusted[treated])
    after_c, _ = _weighted_moments(x[~treated], adjusted[~treated])
    before = (mean_t - mean_c) / scale
    after = (after_t - after_c) / scale
    return pd.DataFrame(
        {
            "covariate": [names[j] for j in columns],
            "mean_treated": mean_t,
            "mean_control": mean_c,
            "smd_before": before,
            "mean_treated_after": after_t,
            "mean_control_after": after_c,
            "smd_after": after,
            "balanced": np.abs(after) < BALANCE_THRESHOLD,
        }
    )


def overlap_table(score: np.ndarray, treated: np.ndarray) -> pd.DataFrame:
    """Quantiles of the propensity in each group (the overlap diagnostic)."""
    quantiles = [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0]
    rows = []
    for label, member in (("treated", treated), ("control", ~treated)):
        values = np.quantile(score[member], quantiles)
        row: dict[str, object] = {"group": label, "n": int(member.sum())}
        row.update({f"q{int(q * 100):02d}": v for q, v in zip(quantiles, values, strict=True)})
        rows.append(row)
    return pd.DataFrame(rows)
