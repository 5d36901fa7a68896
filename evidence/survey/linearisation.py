"""Taylor linearisation of totals, means and ratios over every domain of a disaggregation at once.

For a disaggregation with L domains and k analysis columns, the rows are summed once into
*cells* (sampling unit × domain) with one sparse product ``S @ Y`` (S has one weight per row).
Estimates, the unit totals of the linearised scores and hence every variance come from the
cells, so the cost is one pass over the data per disaggregation whatever L and k are:

    total  t = sum w y                     score z = w y
    mean   m = sum w y / sum w             score z = w (y - m) / sum w
    ratio  r = sum w y / sum w x           score z = w (y - r x) / sum w x

(sums over the domain's rows with the variable observed; z is zero outside them). Calibrated
designs need the scores row by row (R residualises them against the calibration groups), so
they take a row path with the same result for uncalibrated designs; a test holds the two
paths together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from evidence.survey.design import SurveyDesign
from evidence.survey.domains import Disaggregation
from evidence.survey.options import DeffReference
from evidence.survey.variables import Columns
from evidence.survey.variance import aggregate_cells, design_variance, domain_df, group_sum

if TYPE_CHECKING:
    import scipy.sparse as sp

LinearKind = Literal["total", "mean", "ratio"]


@dataclass(frozen=True)
class DomainBlock:
    """Estimates of one disaggregation: arrays of shape (n_levels, k)."""

    disaggregation: Disaggregation
    estimate: np.ndarray
    variance: np.ndarray
    df: np.ndarray
    deff: np.ndarray
    n: np.ndarray
    n_weighted: np.ndarray


@dataclass(frozen=True)
class Cells:
    """Row-to-cell map of one disaggregation: cell (unit, level) of each row, -1 if none."""

    row_cell: np.ndarray  # (n,) cell index, or n_cells for rows outside every domain
    unit: np.ndarray  # (n_cells,)
    level: np.ndarray  # (n_cells,)
    dense: bool = False  # every (unit, level) pair listed, unit-major: a (units, L) grid

    @property
    def n_cells(self) -> int:
        return len(self.unit)

    def summer(self, weights: np.ndarray) -> sp.csc_matrix:
        """Sparse (n_cells + 1, n) matrix summing weighted rows into cells (last row: no domain)."""
        n = len(self.row_cell)
        import scipy.sparse as sp

        return sp.csc_matrix(
            (weights, self.row_cell, np.arange(n + 1)), shape=(self.n_cells + 1, n)
        )


def make_cells(unit: np.ndarray, n_units: int, codes: np.ndarray, n_levels: int) -> Cells:
    in_domain = codes >= 0
    key = unit * n_levels + codes
    space = n_units * n_levels
    everyone = bool(in_domain.all())
    if space <= len(unit) // 2:
        # Most (unit, domain) pairs occur: list them all (empty ones are zero), so the cells
        # form a dense (unit, level) grid and the scores need no gathers.
        row_cell = np.where(in_domain, key, space) if not everyone else key
        all_units = np.repeat(np.arange(n_units, dtype=np.int64), n_levels)
        levels = np.tile(np.arange(n_levels, dtype=np.int64), n_units)
        return Cells(row_cell.astype(np.int64), all_units, levels, dense=True)
    if space <= 4 * len(unit) + 1024:
        used = np.bincount(key if everyone else key[in_domain], minlength=space) > 0
        index = np.cumsum(used) - 1
        keys = np.flatnonzero(used)
        if everyone:
            row_cell = index[key]
        else:
            row_cell = np.where(in_domain, index[np.where(in_domain, key, 0)], len(keys))
    else:
        keys, inverse = np.unique(key[in_domain], return_inverse=True)
        row_cell = np.full(len(unit), len(keys), dtype=np.int64)
        row_cell[in_domain] = inverse
    return Cells(row_cell.astype(np.int64), keys // n_levels, keys % n_levels)


def _mean_scores(
    cells: Cells, L: int, c_y: np.ndarray, c_m: np.ndarray, estimate: np.ndarray, t_m: np.ndarray
) -> np.ndarray:
    """Cell totals of the mean's score, w (y - mean) / sum w, for every column."""
    k = c_y.shape[1]
    if cells.dense:
        # Dense grid: broadcast over units instead of gathering per cell.
        grid = (cells.n_cells // L, L)
        y3 = c_y.reshape(*grid, k)
        m3 = c_m.reshape(*grid, c_m.shape[1])
        out = estimate[None] * m3
        np.subtract(y3, out, out=out)
        out *= (1.0 / t_m)[None]
        return out.reshape(-1, k)
    # Gather the narrow (L, 1) denominators, not a broadcast (L, k) copy.
    return (c_y - estimate[cells.level] * c_m) * (1.0 / t_m)[cells.level]


def _observed(num: Columns, den: Columns | None) -> np.ndarray | None:
    masks = [c.observed for c in (num, den) if c is not None and c.observed is not None]
    if not masks:
        return None
    return masks[0] if len(masks) == 1 else masks[0] * masks[1]


def linearise(
    design: SurveyDesign,
    kind: LinearKind,
    num: Columns,
    disaggregation: Disaggregation,
    *,
    den: Columns | None = None,
    deff_reference: DeffReference = "replace",
    row_path: bool | None = None,
) -> DomainBlock:
    """Estimates, variances, df and design effects of ``kind`` for every domain."""
    s = design.structure
    w = s.weights
    k = num.values.shape[1]
    L = disaggregation.n_levels
    codes = disaggregation.codes
    observed = _observed(num, den)
    y = num.values if observed is None or num.observed is observed else num.values * observed
    x = None
    if kind == "ratio":
        assert den is not None
        x = den.values if observed is None or den.observed is observed else den.values * observed

    unit, n_units = (s.ssu, len(s.ssu_psu)) if s.two_stage else (s.psu, s.n_psu)  # type: ignore[arg-type]
    assert unit is not None
    cells = make_cells(unit, n_units, codes, L)
    summer = cells.summer(w)
    c_y = np.asarray(summer @ y)[:-1]
    if observed is None:
        c_m = np.bincount(cells.row_cell, weights=w, minlength=cells.n_cells + 1)[:-1, None]
    else:
        c_m = np.asarray(summer @ observed)[:-1]
    c_x = np.asarray(summer @ x)[:-1] if x is not None else None
    t_y = group_sum(c_y, cells.level, L)
    t_m_narrow = group_sum(c_m, cells.level, L)  # (L, 1) when nothing is missing
    t_m = np.broadcast_to(t_m_narrow, (L, k))
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "total":
            estimate = t_y
        elif kind == "mean":
            estimate = t_y / t_m
        else:
            assert c_x is not None
            t_x = group_sum(c_x, cells.level, L)
            estimate = t_y / t_x

    present = c_m > 0  # (cells, k), or (cells, 1) when nothing is missing
    psu_unit, psu_level, psu_present = cells.unit, cells.level, present
    if s.two_stage:
        assert s.ssu_psu is not None
        psu_unit, psu_level, (p,) = aggregate_cells(
            cells.unit, cells.level, L, s.ssu_psu, present.astype(float)
        )
        psu_present = p > 0
    df = np.broadcast_to(domain_df(s, psu_unit, psu_level, psu_present, L).astype(float), (L, k))
    dom_count = _domain_counts(codes, L, observed, k)

    if not design.probability:
        nan = np.full((L, k), np.nan)
        return DomainBlock(
            disaggregation, estimate, nan, np.array(df), nan, dom_count, np.array(t_m)
        )

    use_rows = bool(design.calibration) if row_path is None else row_path
    with np.errstate(invalid="ignore", divide="ignore"):
        if use_rows:
            variance = _row_path_variance(
                design, kind, estimate, t_m, x, y, observed, codes, L, unit, n_units
            )
        else:
            if kind == "total":
                scores = c_y
            elif kind == "mean":
                scores = _mean_scores(cells, L, c_y, c_m, estimate, t_m_narrow)
            else:
                assert c_x is not None
                scores = (c_y - estimate[cells.level] * c_x) / t_x[cells.level]
            variance, *_ = design_variance(
                s, design.lonely_psu, cells.unit, cells.level, L, scores, present
            )
        deff = variance / srs_variance(
            kind,
            w,
            y,
            x,
            codes,
            L,
            estimate,
            t_y,
            t_m,
            dom_count,
            deff_reference,
            binary=num.binary,
        )
    return DomainBlock(
        disaggregation, estimate, variance, np.array(df), deff, dom_count, np.array(t_m)
    )


def _domain_counts(codes: np.ndarray, L: int, observed: np.ndarray | None, k: int) -> np.ndarray:
    inside = codes >= 0
    if observed is None:
        counts = np.bincount(codes[inside], minlength=L).astype(float)
        return np.repeat(counts[:, None], k, axis=1)
    return group_sum(observed[inside], codes[inside], L)


def _domain_sum(w: np.ndarray, codes: np.ndarray, L: int, values: np.ndarray) -> np.ndarray:
    n = len(codes)
    target = np.where(codes >= 0, codes, L)
    import scipy.sparse as sp

    summer = sp.csc_matrix((w, target, np.arange(n + 1)), shape=(L + 1, n))
    return np.asarray(summer @ values)[:-1]


def srs_variance(
    kind: LinearKind,
    w: np.ndarray,
    y: np.ndarray,
    x: np.ndarray | None,
    codes: np.ndarray,
    L: int,
    estimate: np.ndarray,
    t_y: np.ndarray,
    t_m: np.ndarray,
    n_obs: np.ndarray,
    reference: DeffReference,
    *,
    binary: bool = False,
) -> np.ndarray:
    """Variance of the same estimate under simple random sampling, as R's ``deff=``.

    R's ``svyvar`` is the weighted variance with the n/(n-1) correction; for a ratio it is
    that of the score (y - r x)/sum(w x).
    """
    # One observation has no sample variance: the design effect is undefined there.
    correction = np.where(n_obs > 1, n_obs / (n_obs - 1), np.nan)
    if kind == "ratio":
        assert x is not None
        q_yy = _domain_sum(w, codes, L, y * y)
        q_xy = _domain_sum(w, codes, L, x * y)
        q_xx = _domain_sum(w, codes, L, x * x)
        t_x = t_y / estimate
        residual = q_yy - 2 * estimate * q_xy + estimate**2 * q_xx
        unit_variance = correction * residual / (t_x**2 * t_m)
    else:
        # y^2 = y for 0/1 data, which saves a pass over the data.
        q = t_y if binary else _domain_sum(w, codes, L, y * y)
        mean = t_y / t_m
        unit_variance = correction * (q / t_m - mean * mean)
    scale = 1.0 / n_obs if kind == "mean" else t_m * t_m / n_obs
    if reference == "srswor":
        scale = scale * (t_m - n_obs) / t_m
    return unit_variance * scale


def _row_path_variance(
    design: SurveyDesign,
    kind: LinearKind,
    estimate: np.ndarray,
    t_m: np.ndarray,
    x: np.ndarray | None,
    y: np.ndarray,
    observed: np.ndarray | None,
    codes: np.ndarray,
    L: int,
    unit: np.ndarray,
    n_units: int,
) -> np.ndarray:
    """Variance from row-level scores, residualised against any calibration (R's svyrecvar)."""
    from evidence.survey.calibrate import residualise

    s = design.structure
    n, k = y.shape
    inside = np.flatnonzero(codes >= 0)
    lv = codes[inside]
    w = s.weights[inside, None]
    m = observed[inside] if observed is not None else 1.0
    if kind == "total":
        row = w * y[inside]
    elif kind == "mean":
        row = w * (y[inside] - estimate[lv] * m) / t_m[lv]
    else:
        assert x is not None
        t_x = group_sum(s.weights[inside, None] * x[inside], lv, L)
        row = w * (y[inside] - estimate[lv] * x[inside]) / t_x[lv]
    scores = np.zeros((n, L, k))
    scores[inside, lv, :] = row
    scores = residualise(scores.reshape(n, L * k), design.calibration)
    totals = group_sum(scores, unit, n_units).reshape(n_units * L, k)
    cell_unit = np.repeat(np.arange(n_units), L)
    cell_level = np.tile(np.arange(L), n_units)
    present = np.ones_like(totals, dtype=bool)
    variance, *_ = design_variance(s, design.lonely_psu, cell_unit, cell_level, L, totals, present)
    return variance
