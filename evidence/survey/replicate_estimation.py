"""Totals, means and ratios of every domain under replicate weights, in one pass.

Rows are summed into (replicate unit × domain) cells once; every replicate's domain totals
are then one sparse product with the factor matrix, so R replicates × L domains × k
variables cost no loop over any of them.
"""

from __future__ import annotations

import numpy as np

from evidence.survey.domains import Disaggregation
from evidence.survey.linearisation import DomainBlock, LinearKind, make_cells, srs_variance
from evidence.survey.options import DeffReference
from evidence.survey.replicate import ReplicateDesign, replicate_df
from evidence.survey.variables import Columns
from evidence.survey.variance import group_sum


def _replicated(
    cells_sum: np.ndarray,
    cell_unit: np.ndarray,
    cell_level: np.ndarray,
    L: int,
    factors: np.ndarray,
) -> np.ndarray:
    """(R, L, k) domain totals of every replicate from (n_cells, k) cell sums."""
    n_cells, k = cells_sum.shape
    rows = (cell_level[:, None] * k + np.arange(k)[None, :]).ravel()
    cols = np.repeat(np.arange(n_cells), k)
    import scipy.sparse as sp

    spread = sp.csr_matrix((cells_sum.ravel(), (rows, cols)), shape=(L * k, n_cells))
    return np.asarray(spread @ factors[cell_unit]).T.reshape(-1, L, k)


def replicate_variance(
    thetas: np.ndarray, estimate: np.ndarray, design: ReplicateDesign
) -> np.ndarray:
    """R's ``svrVar``: scale * sum_r rscales_r (theta_r - centre)^2."""
    centre = estimate if design.mse else thetas[design.rscales > 0].mean(axis=0)
    weights = design.rscales.reshape(-1, *([1] * (thetas.ndim - 1)))
    return np.asarray(design.scale * np.sum(weights * (thetas - centre) ** 2, axis=0))


def replicate_linearise(
    design: ReplicateDesign,
    kind: LinearKind,
    num: Columns,
    disaggregation: Disaggregation,
    *,
    den: Columns | None = None,
    deff_reference: DeffReference = "replace",
) -> DomainBlock:
    """Same contract as ``linearisation.linearise``, with replicate variances."""
    w = design.weights
    n, k = num.values.shape
    L = disaggregation.n_levels
    codes = disaggregation.codes
    masks = [c.observed for c in (num, den) if c is not None and c.observed is not None]
    observed = None if not masks else (masks[0] if len(masks) == 1 else masks[0] * masks[1])
    y = num.values if observed is None else num.values * observed
    x = None if den is None else (den.values if observed is None else den.values * observed)
    n_units = design.factors.shape[0]
    cells = make_cells(design.unit, n_units, codes, L)
    summer = cells.summer(w)
    c_y = np.asarray(summer @ y)[:-1]
    c_m = np.asarray(summer @ (observed if observed is not None else np.ones((n, 1))))[:-1]
    c_m = np.ascontiguousarray(np.broadcast_to(c_m, c_y.shape))
    t_y, t_m = group_sum(c_y, cells.level, L), group_sum(c_m, cells.level, L)
    rep_y = _replicated(c_y, cells.unit, cells.level, L, design.factors)
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "total":
            estimate, thetas = t_y, rep_y
        elif kind == "mean":
            estimate = t_y / t_m
            thetas = rep_y / _replicated(c_m, cells.unit, cells.level, L, design.factors)
        else:
            assert x is not None
            c_x = np.asarray(summer @ x)[:-1]
            estimate = t_y / group_sum(c_x, cells.level, L)
            thetas = rep_y / _replicated(c_x, cells.unit, cells.level, L, design.factors)
        variance = replicate_variance(thetas, estimate, design)
        inside = codes >= 0
        if observed is None:
            counts = np.repeat(
                np.bincount(codes[inside], minlength=L).astype(float)[:, None], k, axis=1
            )
        else:
            counts = group_sum(observed[inside], codes[inside], L)
        deff = variance / srs_variance(
            kind, w, y, x, codes, L, estimate, t_y, t_m, counts, deff_reference, binary=num.binary
        )
    # R recomputes degf on each domain subset: rank of its replicate weights minus one.
    df_level = np.array(
        [replicate_df(design.factors[cells.unit[cells.level == lv]]) for lv in range(L)],
        dtype=float,
    )
    df = np.repeat(df_level[:, None], k, axis=1)
    return DomainBlock(disaggregation, estimate, variance, df, deff, counts, t_m)
