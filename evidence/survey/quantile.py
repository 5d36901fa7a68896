"""Quantiles with Woodruff confidence intervals, as R's ``svyquantile`` (survey >= 4.0).

Rule (R's default ``qrule="math"``): sort the domain's observed values, take the cumulative
weights C_i and their sum W, let i be the last position with C_i <= pW (the first if there is
none, as R's ``qs``); the quantile is x_i when C_i = pW exactly, else x_{i+1}, i.e. the
smallest x whose weighted distribution function reaches p. ``"school"`` averages
x_i and x_{i+1} in the exact case. Sums use extended precision in R's order, so exact ties
fall the same way as in R.

Interval (R's default ``interval.type="mean"``, Woodruff 1952): estimate the distribution
function at the quantile, F = mean of 1[x <= q] over the domain, with its design SE; take
its Wald interval with the t quantile on the domain's design df (or the ``xlogit``, ``asin``
or ``beta`` interval of it) and map both ends back through the quantile rule. The SE is the
interval's width over 2 t. Under replicate weights F's SE comes from the replicates and
the df is the rank of the replicate weights minus one, as R's ``svyquantile.svyrep.design``
with ``interval.type="mean"``. Every F of every variable × domain × probability is one batched
mean, so the variance step has no loop; the sorting is per domain and variable.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence.errors import EstimationError
from evidence.options import check_level, check_option
from evidence.survey.ci import critical_value, proportion_interval
from evidence.survey.design import SurveyDesign
from evidence.survey.domains import By, disaggregations, parse_by
from evidence.survey.estimators import assemble, domain_block
from evidence.survey.options import QuantileCI, QuantileRule
from evidence.survey.replicate import ReplicateDesign
from evidence.survey.results import COLUMNS, INDICATIVE_CAVEAT, SurveyEstimates, make_flags
from evidence.survey.variables import Columns, numeric_columns


def _cumulative(w: np.ndarray) -> tuple[np.ndarray, float]:
    # R accumulates sums in long double and stores doubles; np.cumsum on longdouble does too.
    running = np.cumsum(w.astype(np.longdouble))
    return running.astype(np.float64), float(running[-1])


def quantile_rule(
    x_sorted: np.ndarray, w_sorted: np.ndarray, total: float, p: float, rule: QuantileRule
) -> float:
    """R's ``qrule_math``/``qrule_school`` on values already sorted (stably) by x."""
    if np.isnan(p) or len(x_sorted) == 0:
        return float("nan")
    cum, _ = _cumulative(w_sorted)
    below = np.flatnonzero(cum <= p * total)
    pos = int(below[-1]) if below.size else 0
    nxt = min(pos + 1, len(x_sorted) - 1)
    exact = (p - cum[pos] / total) == 0
    if rule == "school" and exact:
        return float((x_sorted[pos] + x_sorted[nxt]) / 2)
    return float(x_sorted[pos] if exact else x_sorted[nxt])


def estimate_quantile(
    variables: str | Sequence[str],
    design: SurveyDesign | ReplicateDesign,
    quantiles: float | Sequence[float] = 0.5,
    *,
    by: By = None,
    overall: bool = True,
    level: float = 0.95,
    rule: QuantileRule = "math",
    ci_method: QuantileCI = "mean",
) -> SurveyEstimates:
    """Quantiles of numeric ``variables`` in every domain (the ``level`` column holds p).

    R's ``svyquantile`` (survey >= 4.1): Woodruff's interval, ``qrule="math"`` or
    ``"school"``.

    Parameters
    ----------
    variables : str or sequence of str
        Numeric columns.
    design : SurveyDesign or ReplicateDesign
    quantiles : float or sequence of float, default 0.5
        Probabilities in [0, 1].
    by, overall, level
        As in :func:`estimate_mean`.
    rule : {"math", "school"}, default "math"
        R's ``qrule``.
    ci_method : {"mean", "xlogit", "asin", "beta"}, default "mean"
        R's ``interval.type`` for the Woodruff interval.

    Returns
    -------
    SurveyEstimates

    Raises
    ------
    EstimationError
        A quantile outside [0, 1] or a design that is not one.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_quantile
    >>> frame = pd.DataFrame({
    ...     "stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...     "income": [300.0, 420, 380, 510, 250, 270, 330, 290],
    ...     "employed": [1, 0, 1, 1, 0, 1, 0, 1], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> row = estimate_quantile("income", design, 0.5).to_frame().iloc[0]
    >>> float(row["estimate"]), row["flags"]
    (330.0, 'variance_undefined')

    R's ``svyquantile(~income, design, 0.5, ci=TRUE)`` gives 330 with an undefined interval
    too (two PSUs per stratum are too few for Woodruff's interval here).
    """
    if not isinstance(design, SurveyDesign | ReplicateDesign):
        raise EstimationError(
            f"design must be a SurveyDesign or ReplicateDesign, not {type(design).__name__}"
        )
    check_option("rule", rule, ("math", "school"))
    check_option("ci_method", ci_method, ("mean", "xlogit", "asin", "beta"))
    level = check_level(level)
    if isinstance(quantiles, int | float):
        probs = [float(quantiles)]
    else:
        probs = [float(q) for q in quantiles]
    if not probs or any(not 0 <= q <= 1 for q in probs):
        raise EstimationError(f"quantiles must lie in [0, 1]; got {quantiles!r}")
    cols = numeric_columns(design.frame, variables)
    n, k = cols.values.shape
    P = len(probs)
    w = design.structure.weights if isinstance(design, SurveyDesign) else design.weights
    observed = cols.observed if cols.observed is not None else np.ones((n, k))
    disaggs = disaggregations(design.frame, by, include_overall=overall)
    by_vars = list(dict.fromkeys(v for group in parse_by(by) for v in group))
    # Columns of the quantile table: variable-major, then probability.
    q_cols = Columns(
        tuple(v for v in cols.variables for _ in probs),
        tuple(f"{p:g}" for _ in cols.variables for p in probs),
        np.zeros((n, k * P)),
        None,
        True,
    )
    blocks, limits = [], []
    for d in disaggs:
        L = d.n_levels
        qhat = np.full((L, k, P), np.nan)
        order = [(lv, v) for lv in range(L) for v in range(k)]
        sorted_data: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, float]] = {}
        for lv, v in order:
            rows = np.flatnonzero((d.codes == lv) & (observed[:, v] > 0))
            if rows.size == 0:
                continue
            idx = rows[np.argsort(cols.values[rows, v], kind="stable")]
            x_s, w_s = cols.values[idx, v], w[idx]
            total = _cumulative(w[rows])[1]  # R's sum(w) runs in data order
            sorted_data[(lv, v)] = (x_s, w_s, total)
            for j, p in enumerate(probs):
                qhat[lv, v, j] = quantile_rule(x_s, w_s, total, p, rule)
        # F(q) indicators for every (variable, probability), each row against its own domain's q.
        inside = d.codes >= 0
        lv_row = np.where(inside, d.codes, 0)
        below = cols.values[:, :, None] <= qhat[lv_row]  # (n, k, P)
        obs = np.repeat(observed[:, :, None], P, axis=2) * inside[:, None, None]
        indicator = Columns(
            q_cols.variables,
            q_cols.levels,
            np.ascontiguousarray((below * obs).reshape(n, k * P)),
            np.ascontiguousarray(obs.reshape(n, k * P)),
            True,
        )
        f_block = domain_block(design, "mean", indicator, d, None, "replace")
        blocks.append(f_block)
        lo = np.full((L, k, P), np.nan)
        hi = np.full((L, k, P), np.nan)
        if design.probability:
            f_hat = f_block.estimate.reshape(L, k, P)
            f_se = np.sqrt(f_block.variance).reshape(L, k, P)
            df = f_block.df.reshape(L, k, P)
            counts = f_block.n.reshape(L, k, P)
            p_lo, p_hi = proportion_interval(ci_method, f_hat, f_se, df, counts, level)
            for (lv, v), (x_s, w_s, total) in sorted_data.items():
                for j in range(P):
                    a, b = p_lo[lv, v, j], p_hi[lv, v, j]
                    lo[lv, v, j] = quantile_rule(x_s, w_s, total, a, rule) if a >= 0 else np.nan
                    hi[lv, v, j] = quantile_rule(x_s, w_s, total, b, rule) if b <= 1 else np.nan
        limits.append((qhat.reshape(L, k * P), lo.reshape(L, k * P), hi.reshape(L, k * P)))
    table = assemble(blocks, q_cols, by_vars, design.probability)
    table["estimate"] = np.concatenate([q.ravel() for q, _, _ in limits])
    table["ci_low"] = np.concatenate([lo.ravel() for _, lo, _ in limits])
    table["ci_high"] = np.concatenate([hi.ravel() for _, _, hi in limits])
    crit = critical_value(table["df"].to_numpy(float), level)
    table["se"] = (table["ci_high"] - table["ci_low"]) / (2 * crit)
    table["deff"] = table["n_effective"] = np.nan
    table["n_weighted"] = np.concatenate([b.n_weighted.ravel() for b in blocks])
    with np.errstate(invalid="ignore", divide="ignore"):
        table["cv"] = table["se"] / table["estimate"].abs()
    table["ci_method"] = f"woodruff-{ci_method}"
    if not design.probability:
        table["se"] = table["cv"] = table["df"] = table["ci_low"] = table["ci_high"] = np.nan
        table["ci_method"] = "none"
    table["flags"] = make_flags(table, indicative=not design.probability)
    table = table[[*COLUMNS[:4], *by_vars, *COLUMNS[4:]]]
    caveat = None if design.probability else INDICATIVE_CAVEAT
    return SurveyEstimates(pd.DataFrame(table), "quantile", level, design.summary(), caveat)
