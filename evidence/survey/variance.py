"""Linearisation variance from unit totals of scores, stratum by stratum, as R's ``svyrecvar``.

Inputs are *cells*: one row per (sampling unit, domain) pair that holds any of the domain's
rows, with the unit total of every score column. Units of a stratum that hold none of the
domain have a zero total; they are not listed but still counted, exactly as R pads them with
zeros, so nothing here loops over domains or variables.

Per stratum h with n_h sampled units, sampling fraction f_h = 1 - n_h/N_h (1 when sampled
with replacement) and unit totals t_hj:

    v_h = f_h * n_h / (n_h - 1) * sum_j (t_hj - mean_h t)^2

A stratum with f_h < 1e-7 is self-representing and adds nothing. A stratum with one unit
(a lonely PSU) follows R's ``options(survey.lonely.psu)``: ``certainty`` and ``remove`` add
nothing, ``adjust`` adds f_h * t_h^2 (centred at zero, the population mean of a score), and
``average`` leaves it out and scales the sum by (strata present) / (strata not lonely).
The second stage adds, within each PSU, the same sum over its SSUs times n_h/N_h of the
PSU's stratum (R's ``multistage``).
"""

from __future__ import annotations

import numpy as np

from evidence.errors import DesignError
from evidence.survey.design import CERTAINTY_TOLERANCE, DesignStructure, sampling_fraction
from evidence.survey.options import LonelyPSU


def group_sum(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum the rows of ``values`` (m, k) within ``group`` (m,) -> (n_groups, k)."""
    m = len(group)
    import scipy.sparse as sp

    indicator = sp.csc_matrix((np.ones(m), group, np.arange(m + 1)), shape=(n_groups, m))
    return np.asarray(indicator @ values)


def stratum_variance(
    totals: np.ndarray,
    present: np.ndarray,
    cell_stratum: np.ndarray,
    cell_level: np.ndarray,
    n_levels: int,
    count: np.ndarray,
    popsize: np.ndarray,
    lonely_psu: LonelyPSU,
    *,
    multiplier: np.ndarray | None = None,
    pooled_average: bool = True,
) -> np.ndarray:
    """Variance (n_levels, k) from cell totals (m, k); see the module docstring.

    ``present`` (m, k) marks cells holding observed domain rows: a stratum enters the
    ``average`` rule only where it holds some (R subsets the design to the domain).
    ``pooled_average=False`` is the second stage, where each PSU is its own stratum set and
    a lonely SSU under ``average`` leaves the variance undefined, as in R.
    """
    n_strata = len(count)
    k = totals.shape[1]
    group = cell_stratum * n_levels + cell_level
    n_groups = n_strata * n_levels
    count_g = np.repeat(count, n_levels)
    s1, ss = _centred_sums(totals, group, n_groups, count_g)

    f = sampling_fraction(count, popsize)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(count > 1, f * count / (count - 1), f)
    scale = np.where(f < CERTAINTY_TOLERANCE, 0.0, scale)
    if multiplier is not None:
        scale = scale * multiplier
    lonely = (count == 1) & (f >= CERTAINTY_TOLERANCE)
    if lonely.any() and lonely_psu == "fail":
        raise DesignError("a stratum has only one PSU and lonely_psu='fail'")
    contribution = ss * np.repeat(scale, n_levels)[:, None]
    lonely_g = np.repeat(lonely, n_levels)
    if lonely_psu == "adjust":
        contribution[lonely_g] = (s1[lonely_g] ** 2) * np.repeat(scale, n_levels)[lonely_g, None]
    is_present = group_sum(present.astype(float), group, n_groups) > 0  # (groups, k or 1)
    contribution = np.where(is_present, contribution, 0.0)
    by_stratum = contribution.reshape(n_strata, n_levels, k)
    present3 = np.broadcast_to(is_present.reshape(n_strata, n_levels, -1), by_stratum.shape)
    if lonely_psu != "average" or not lonely.any():
        return by_stratum.sum(axis=0)
    lonely_present = present3 & lonely[:, None, None]
    if not pooled_average:
        return np.where(lonely_present.any(axis=0), np.nan, by_stratum.sum(axis=0))
    n_present = present3.sum(axis=0)
    n_ok = n_present - lonely_present.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return by_stratum.sum(axis=0) * n_present / n_ok


def _centred_sums(
    totals: np.ndarray, group: np.ndarray, n_groups: int, count: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Group sums and sums of squares about the group mean over ``count`` units per group.

    One pass (sum of t^2 minus (sum t)^2 / count) is exact enough unless the group mean
    dwarfs the spread; those columns are recomputed about the mean (two passes), so the
    result keeps about 1e-10 relative accuracy in every case.
    """
    s1 = group_sum(totals, group, n_groups)
    s2 = group_sum(totals * totals, group, n_groups)
    ss = s2 - s1 * s1 / count[:, None]
    shaky = np.flatnonzero(np.any(ss < 1e-6 * s2, axis=0))
    if shaky.size:
        sub = totals[:, shaky]
        mean = s1[:, shaky] / count[:, None]
        dev = sub - mean[group]
        n_listed = np.bincount(group, minlength=n_groups).astype(float)
        ss[:, shaky] = (
            group_sum(dev * dev, group, n_groups) + (count - n_listed)[:, None] * mean * mean
        )
    return s1, ss


def aggregate_cells(
    unit: np.ndarray, level: np.ndarray, n_levels: int, parent: np.ndarray, *arrays: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Merge (unit, level) cells into (parent[unit], level) cells, summing ``arrays``."""
    key = parent[unit] * n_levels + level
    uniq, inverse = np.unique(key, return_inverse=True)
    summed = [group_sum(a, inverse, len(uniq)) for a in arrays]
    return uniq // n_levels, uniq % n_levels, summed


def design_variance(
    s: DesignStructure,
    lonely_psu: LonelyPSU,
    cell_unit: np.ndarray,
    cell_level: np.ndarray,
    n_levels: int,
    totals: np.ndarray,
    present: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Variance of every (domain, column) from unit-level cells.

    Units are SSUs for a two-stage design (then the second stage is added) and PSUs
    otherwise. Returns the variance (n_levels, k) and the PSU-level cells
    (psu, level, present) used for the degrees of freedom.
    """
    variance = np.zeros((n_levels, totals.shape[1]))
    if s.two_stage:
        assert s.ssu_psu is not None and s.ssu_count is not None and s.popsize2 is not None
        psu_of_cell = s.ssu_psu[cell_unit]
        stage1_factor = (s.psu_count / s.popsize1)[s.psu_stratum]
        variance = variance + stratum_variance(
            totals, present, psu_of_cell, cell_level, n_levels, s.ssu_count, s.popsize2, lonely_psu,
            multiplier=stage1_factor, pooled_average=False,
        )  # fmt: skip
        cell_unit, cell_level, (totals, present_sum) = aggregate_cells(
            cell_unit, cell_level, n_levels, s.ssu_psu, totals, present.astype(float)
        )
        present = present_sum > 0
    variance = variance + stratum_variance(
        totals,
        present,
        s.psu_stratum[cell_unit],
        cell_level,
        n_levels,
        s.psu_count,
        s.popsize1,
        lonely_psu,
    )
    return variance, cell_unit, cell_level, present


def domain_df(
    s: DesignStructure, psu: np.ndarray, level: np.ndarray, present: np.ndarray, n_levels: int
) -> np.ndarray:
    """R's ``degf`` of each domain subset: PSUs holding it minus strata holding it."""
    n_psu = group_sum(present.astype(float), level, n_levels)
    stratum_key = s.psu_stratum[psu] * n_levels + level
    strata_present = group_sum(present.astype(float), stratum_key, s.n_strata * n_levels) > 0
    n_str = strata_present.reshape(s.n_strata, n_levels, -1).sum(axis=0)
    return n_psu - n_str
