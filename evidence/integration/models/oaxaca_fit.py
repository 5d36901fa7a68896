"""The inputs of a decomposition (coefficients, means, mean predictions) and their influence.

``decomposition_inputs`` fits the group models (weighted least squares, or weighted logistic
regression for a binary outcome), the reference model, the group means and, for the logistic
variant, the mean predicted probabilities, and packs them as ``theta`` (see
:mod:`decomposition`). With ``influence=True`` it also returns the influence of every input
on every row (m, len(theta)): the design variance of any smooth function of theta is that of
the totals of ``influence @ jacobian.T`` (the delta method through the design).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from evidence.errors import EstimationError
from evidence.integration.models.decomposition import Layout
from evidence.integration.models.irls import Family, fit_irls, inverse_link, mu_eta

Reference = Literal["a", "b", "pooled", "neumark", "cotton", "reimers"]
REFERENCES: tuple[str, ...] = ("a", "b", "pooled", "neumark", "cotton", "reimers")


@dataclass(frozen=True)
class GroupFit:
    beta: np.ndarray
    score: np.ndarray | None  # (m, p) influence of beta on every row, zero outside the group


def _fit(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    rows: np.ndarray,
    logistic: bool,
    names: tuple[str, ...],
    label: str,
    influence: bool,
    start: np.ndarray | None,
) -> GroupFit:
    family: Family = "binomial" if logistic else "gaussian"
    check = start is None
    # A covariate that is zero in every row of the group (years in the country for hosts)
    # has no coefficient there: it is left out of the fit and its coefficient is 0, which
    # leaves every part of the decomposition unchanged since its group mean is 0 too.
    keep = np.flatnonzero(np.any(X[rows] != 0, axis=0))
    Xk = X[np.ix_(rows, keep)]
    try:
        fit = fit_irls(
            Xk, y[rows], w[rows], family, [names[j] for j in keep],
            start=None if start is None else start[keep], check=check,
        )  # fmt: skip
    except EstimationError as error:
        raise EstimationError(f"{label}: {error}") from None
    beta = np.zeros(X.shape[1])
    beta[keep] = fit.params
    if not influence:
        return GroupFit(beta, None)
    bread = np.linalg.inv(fit.information)
    score = np.zeros((len(y), X.shape[1]))
    score[np.ix_(rows, keep)] = (Xk * (w[rows] * (y[rows] - fit.mu))[:, None]) @ bread
    return GroupFit(beta, score)


def decomposition_inputs(
    X: np.ndarray,
    y: np.ndarray,
    in_a: np.ndarray,
    w: np.ndarray,
    reference: Reference,
    logistic: bool,
    names: tuple[str, ...],
    *,
    influence: bool = False,
    starts: tuple[np.ndarray, ...] | None = None,
    labels: tuple[str, str] = ("a", "b"),
) -> tuple[np.ndarray, np.ndarray | None, tuple[np.ndarray, ...]]:
    """(theta, influence or None, coefficient vectors to start replicate fits from)."""
    m, p = X.shape
    layout = Layout(p, logistic)
    a_rows, b_rows = np.flatnonzero(in_a), np.flatnonzero(~in_a)
    start = starts or (None, None, None)
    fit_a = _fit(X, y, w, a_rows, logistic, names, f"group {labels[0]!r}", influence, start[0])
    fit_b = _fit(X, y, w, b_rows, logistic, names, f"group {labels[1]!r}", influence, start[1])
    fitted = [fit_a.beta, fit_b.beta]
    weight_a, weight_b = w[a_rows].sum(), w[b_rows].sum()
    share = weight_a / (weight_a + weight_b)
    zeros = np.zeros((m, p))
    if reference in ("pooled", "neumark"):
        Xp = X if reference == "neumark" else np.column_stack([X, in_a.astype(float)])
        pooled_names = names if reference == "neumark" else (*names, f"group={labels[0]}")
        pooled = _fit(Xp, y, w, np.arange(m), logistic, pooled_names, "pooled model",
                      influence, start[2])  # fmt: skip
        fitted.append(pooled.beta)
        beta_ref = pooled.beta[:p]
        score_ref = None if pooled.score is None else pooled.score[:, :p]
    elif reference == "a":
        beta_ref, score_ref = fit_a.beta, fit_a.score
    elif reference == "b":
        beta_ref, score_ref = fit_b.beta, fit_b.score
    elif reference == "reimers":
        beta_ref = 0.5 * (fit_a.beta + fit_b.beta)
        score_ref = None if fit_a.score is None else 0.5 * (fit_a.score + fit_b.score)
    else:  # cotton: weighted by the (weighted) group shares
        beta_ref = share * fit_a.beta + (1 - share) * fit_b.beta
        score_ref = None
        if fit_a.score is not None and fit_b.score is not None:
            share_infl = w * (in_a - share) / (weight_a + weight_b)
            score_ref = (
                share * fit_a.score
                + (1 - share) * fit_b.score
                + np.outer(share_infl, fit_a.beta - fit_b.beta)
            )
    parts: dict[str, np.ndarray] = {
        "beta_a": fit_a.beta,
        "beta_b": fit_b.beta,
        "beta_ref": beta_ref,
    }
    infl: dict[str, np.ndarray] = {}
    if influence:
        infl = {"beta_a": fit_a.score, "beta_b": fit_b.score, "beta_ref": score_ref}  # type: ignore[dict-item]
    ybar = []
    ybar_infl = []
    for key, rows, total in (("xbar_a", a_rows, weight_a), ("xbar_b", b_rows, weight_b)):
        xbar = w[rows] @ X[rows] / total
        xbar[0] = 1.0  # the intercept column: exactly one, not a rounded weighted mean
        mean = w[rows] @ y[rows] / total
        parts[key] = xbar
        ybar.append(mean)
        if influence:
            block = zeros.copy()
            block[rows] = w[rows, None] * (X[rows] - xbar) / total
            infl[key] = block
            column = np.zeros(m)
            column[rows] = w[rows] * (y[rows] - mean) / total
            ybar_infl.append(column)
    parts["ybar"] = np.array(ybar)
    if influence:
        infl["ybar"] = np.column_stack(ybar_infl)
    if logistic:
        probs, prob_infl = [], []
        betas = {"a": (fit_a.beta, fit_a.score), "b": (fit_b.beta, fit_b.score),
                 "ref": (beta_ref, score_ref)}  # fmt: skip
        for group_key, coef_key in (("a", "a"), ("a", "ref"), ("b", "ref"), ("b", "b"),
                                    ("a", "b"), ("b", "a")):  # fmt: skip
            rows, total = (a_rows, weight_a) if group_key == "a" else (b_rows, weight_b)
            beta, score = betas[coef_key]
            mu = inverse_link("binomial", X[rows] @ beta)
            prob = w[rows] @ mu / total
            probs.append(prob)
            if influence:
                assert score is not None
                column = np.zeros(m)
                column[rows] = w[rows] * (mu - prob) / total
                gradient = (w[rows] * mu_eta("binomial", mu)) @ X[rows] / total
                prob_infl.append(column + score @ gradient)
        parts["prob"] = np.array(probs)
        if influence:
            infl["prob"] = np.column_stack(prob_infl)
    theta = layout.pack(**parts)
    influence_matrix = layout.pack_columns(infl) if influence else None
    return theta, influence_matrix, tuple(fitted)


def unit_cross_products(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, unit: np.ndarray, n_units: int
) -> np.ndarray:
    """(n_units, p*p + p) totals of w x x' and w x y per replicate unit."""
    from evidence.survey.variance import group_sum

    xw = X * w[:, None]
    m, p = X.shape
    rows = np.concatenate(
        [(xw[:, :, None] * X[:, None, :]).reshape(m, p * p), xw * y[:, None]], axis=1
    )
    return group_sum(rows, unit, n_units)


def linear_inputs_from_totals(
    totals_a: np.ndarray,
    totals_b: np.ndarray,
    reference: Reference,
    keep_a: np.ndarray,
    keep_b: np.ndarray,
) -> np.ndarray:
    """``theta`` of the linear decomposition from the groups' totals of w x x' and w x y.

    The same numbers as ``decomposition_inputs`` (normal equations, the intercept first);
    replicate estimates take these totals summed with each replicate's factors."""
    p = round((np.sqrt(1 + 4 * totals_a.size) - 1) / 2)

    def split(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return t[: p * p].reshape(p, p), t[p * p :]

    sxx_a, sxy_a = split(totals_a)
    sxx_b, sxy_b = split(totals_b)

    def solve(sxx: np.ndarray, sxy: np.ndarray, keep: np.ndarray) -> np.ndarray:
        beta = np.zeros(p)
        beta[keep] = np.linalg.solve(sxx[np.ix_(keep, keep)], sxy[keep])
        return beta

    beta_a, beta_b = solve(sxx_a, sxy_a, keep_a), solve(sxx_b, sxy_b, keep_b)
    weight_a, weight_b = sxx_a[0, 0], sxx_b[0, 0]
    share = weight_a / (weight_a + weight_b)
    everything = np.arange(p)
    if reference == "neumark":
        beta_ref = solve(sxx_a + sxx_b, sxy_a + sxy_b, everything)
    elif reference == "pooled":
        sxx = np.block([[sxx_a + sxx_b, sxx_a[:, :1]], [sxx_a[:1, :], sxx_a[:1, :1]]])
        sxy = np.concatenate([sxy_a + sxy_b, sxy_a[:1]])
        beta_ref = np.linalg.solve(sxx, sxy)[:p]
    elif reference == "a":
        beta_ref = beta_a
    elif reference == "b":
        beta_ref = beta_b
    elif reference == "reimers":
        beta_ref = 0.5 * (beta_a + beta_b)
    else:
        beta_ref = share * beta_a + (1 - share) * beta_b
    xbar_a, xbar_b = sxx_a[0] / weight_a, sxx_b[0] / weight_b
    xbar_a[0] = xbar_b[0] = 1.0
    ybar = np.array([sxy_a[0] / weight_a, sxy_b[0] / weight_b])
    return np.concatenate([beta_a, beta_b, beta_ref, xbar_a, xbar_b, ybar])
