"""Weighted generalised linear models by iteratively reweighted least squares.

The point estimates of a survey-weighted GLM are those of R's ``glm`` with the sampling
weights as prior weights (what ``svyglm`` fits). Only canonical links are offered, so the
score of row i is ``w_i x_i (y_i - mu_i)`` and the information ``X' diag(w v) X`` with
``v = dmu/deta``:

    binomial, quasibinomial   logit     mu = 1/(1+exp(-eta))   v = mu (1 - mu)
    poisson                   log       mu = exp(eta)          v = mu
    gaussian                  identity  mu = eta               v = 1

Convergence is R's rule on the deviance, ``|dev - dev_old| / (|dev| + 0.1) < tolerance``.
Aliased columns (a covariate constant in the rows used, or collinear with others) and perfect
separation are named errors, never NaN coefficients.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from evidence.errors import EstimationError

Family = Literal["binomial", "quasibinomial", "gaussian", "poisson"]
FAMILIES: tuple[str, ...] = ("binomial", "quasibinomial", "gaussian", "poisson")

TOLERANCE = 1e-12
MAX_ITERATIONS = 60
ALIAS_TOLERANCE = 1e-7  # R's glm.fit: qr(tol = min(1e-7, epsilon / 1000))
SEPARATION_PROBABILITY = 1e-10
EPSILON = float(np.finfo(float).eps)
LOGIT_LIMIT = -float(np.log(EPSILON))  # fitted probability this close to 0 or 1: separated


@dataclass(frozen=True)
class IRLSFit:
    params: np.ndarray
    mu: np.ndarray
    eta: np.ndarray
    information: np.ndarray  # X' diag(w v) X
    iterations: int
    deviance: float


def inverse_link(family: Family, eta: np.ndarray) -> np.ndarray:
    if family in ("binomial", "quasibinomial"):
        # R's logit linkinv: eta beyond -log(machine epsilon) gives mu of epsilon or 1 - epsilon.
        from scipy.special import expit

        return np.asarray(expit(np.clip(eta, -LOGIT_LIMIT, LOGIT_LIMIT)))
    if family == "poisson":
        return np.exp(eta)
    return eta


def mu_eta(family: Family, mu: np.ndarray) -> np.ndarray:
    """dmu/deta at ``mu`` (the variance function too, links being canonical)."""
    if family in ("binomial", "quasibinomial"):
        return mu * (1.0 - mu)
    if family == "poisson":
        return mu
    return np.ones_like(mu)


def second_derivative(family: Family, mu: np.ndarray) -> np.ndarray:
    """d^2 mu / d eta^2 at ``mu``."""
    if family in ("binomial", "quasibinomial"):
        return mu * (1.0 - mu) * (1.0 - 2.0 * mu)
    if family == "poisson":
        return mu
    return np.zeros_like(mu)


def deviance(
    family: Family, y: np.ndarray, mu: np.ndarray, w: np.ndarray, *, binary: bool = False
) -> float:
    if binary:  # a 0/1 outcome: one logarithm per row instead of two
        return float(-2 * (w @ np.log(np.where(y > 0, mu, 1 - mu))))
    if family in ("binomial", "quasibinomial"):
        with np.errstate(divide="ignore", invalid="ignore"):
            a = np.where(y > 0, y * np.log(y / mu), 0.0)
            b = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
        return float(2 * np.sum(w * (a + b)))
    if family == "poisson":
        with np.errstate(divide="ignore", invalid="ignore"):
            a = np.where(y > 0, y * np.log(y / mu), 0.0)
        return float(2 * np.sum(w * (a - (y - mu))))
    return float(np.sum(w * (y - mu) ** 2))


def check_outcome(family: Family, y: np.ndarray, outcome: str) -> None:
    if family in ("binomial", "quasibinomial") and np.any((y < 0) | (y > 1)):
        raise EstimationError(
            f"family={family!r} needs an outcome between 0 and 1; {outcome!r} has values "
            f"from {y.min():g} to {y.max():g}"
        )
    if family == "poisson" and np.any(y < 0):
        raise EstimationError(f"family='poisson' needs a non-negative outcome; {outcome!r} < 0")


def aliased_columns(X: np.ndarray, w: np.ndarray) -> list[int]:
    """Columns that are (numerically) linear combinations of earlier ones, as R's pivoting."""
    gram = (X * w[:, None]).T @ X
    scale = np.sqrt(np.maximum(np.diag(gram), 1e-300))
    a = gram / np.outer(scale, scale)
    kept: list[int] = []
    aliased: list[int] = []
    for j in range(a.shape[0]):
        if kept:
            sub = a[np.ix_(kept, kept)]
            r = a[j, j] - a[j, kept] @ np.linalg.solve(sub, a[kept, j])
        else:
            r = a[j, j]
        (aliased if r < ALIAS_TOLERANCE or np.diag(gram)[j] == 0 else kept).append(j)
    return aliased


def fit_irls(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    family: Family,
    names: Sequence[str],
    *,
    start: np.ndarray | None = None,
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
    check: bool = True,
) -> IRLSFit:
    """The weighted maximum-(quasi-)likelihood fit; ``w`` are prior (sampling) weights."""
    n, p = X.shape
    if check:
        if n <= p:
            raise EstimationError(
                f"{n} rows for {p} parameters: a model needs more rows than parameters"
            )
        aliased = aliased_columns(X, w)
        if aliased:
            raise EstimationError(
                "column(s) " + ", ".join(repr(names[j]) for j in aliased) + " are constant or "
                "collinear with other columns in the rows used (e.g. a covariate that does not "
                "vary in this group); drop them or merge categories"
            )
    if family == "gaussian":
        beta = _solve(X, w, y)
        mu = X @ beta
        info = (X * w[:, None]).T @ X
        return IRLSFit(beta, mu, mu, info, 1, deviance(family, y, mu, w))
    if start is not None:
        eta = X @ start
    elif family == "poisson":
        eta = np.log(y + 0.1)
    else:
        wn = w / w.mean()  # R's start: mustart = (w y + 0.5) / (w + 1), weights of mean 1
        start_mu = (wn * y + 0.5) / (wn + 1)
        eta = np.log(start_mu / (1 - start_mu))
    mu = inverse_link(family, eta)
    binary = family in ("binomial", "quasibinomial") and bool(np.all((y == 0) | (y == 1)))
    dev_old = deviance(family, y, mu, w, binary=binary)
    beta = np.zeros(p)
    iteration = 0
    converged = False
    while not converged and iteration < max_iterations:
        iteration += 1
        v = np.maximum(mu_eta(family, mu), EPSILON)  # R's mu.eta floor
        z = eta + (y - mu) / v
        beta = _solve(X, w * v, z)
        eta = X @ beta
        mu = inverse_link(family, eta)
        dev = deviance(family, y, mu, w, binary=binary)
        converged = abs(dev - dev_old) / (abs(dev) + 0.1) < tolerance
        dev_old = dev
    if not converged:
        if check:
            _check_separation(family, mu, beta, names)
        raise EstimationError(
            f"the {family} model did not converge in {max_iterations} iterations; check the "
            "covariates for near separation or extreme values"
        )
    if check:
        _check_separation(family, mu, beta, names)
    v = mu_eta(family, mu)
    info = (X * (w * v)[:, None]).T @ X
    return IRLSFit(beta, mu, eta, info, iteration, dev_old)


def _solve(X: np.ndarray, w: np.ndarray, z: np.ndarray) -> np.ndarray:
    from scipy import linalg

    xw = X * w[:, None]
    gram = xw.T @ X
    try:
        return np.asarray(linalg.solve(gram, xw.T @ z, assume_a="pos"))
    except (linalg.LinAlgError, ValueError) as error:
        raise EstimationError(f"the weighted least-squares step is singular ({error})") from None


def _check_separation(
    family: Family, mu: np.ndarray, beta: np.ndarray, names: Sequence[str]
) -> None:
    if family not in ("binomial", "quasibinomial"):
        return
    extreme = (mu < SEPARATION_PROBABILITY) | (mu > 1 - SEPARATION_PROBABILITY)
    if extreme.any():
        order = np.argsort(-np.abs(beta))[:3]
        largest = ", ".join(f"{names[j]} ({beta[j]:+.3g})" for j in order)
        raise EstimationError(
            f"perfect or quasi-perfect separation: {int(extreme.sum())} row(s) have fitted "
            f"probabilities numerically 0 or 1, so some coefficients run to infinity; the "
            f"largest are {largest}. Drop or merge the covariate that predicts the outcome "
            "perfectly"
        )
