"""Post-stratification and raking of design weights to known population totals.

``poststratify`` scales the weights of each post-stratum so they add up to its population
total (R's ``postStratify``); ``rake`` post-stratifies on each margin in turn until the
weighted table of all margins moves by less than ``epsilon`` (R's ``rake``, same stopping
rule and defaults). Both return a new design that records the step, because the variance
changes: the linearised scores are replaced by their residuals from the post-strata, as R's
``svyrecvar`` does (``residualise``). Replicate designs have every replicate calibrated to
the same totals instead (R's ``postStratify.svyrep.design``). Typical use: flow-monitoring
counts by border point and sex as the totals of a flow survey.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.errors import DesignError
from evidence.survey.design import SurveyDesign
from evidence.survey.domains import compress
from evidence.survey.replicate import ReplicateDesign
from evidence.survey.variance import group_sum

Totals = Mapping[object, float] | pd.Series | pd.DataFrame
"""Population totals: a mapping or Series from level to total (one variable), or a DataFrame
with one column per variable and the total in a column named ``total`` (or ``Freq``)."""


@dataclass(frozen=True)
class PostStratification:
    """Weights before and after one post-stratification, and each row's post-stratum."""

    variables: tuple[str, ...]
    codes: np.ndarray
    old_weights: np.ndarray
    weights: np.ndarray


@dataclass(frozen=True)
class Raking:
    """The post-stratifications of the last raking sweep (R keeps exactly these)."""

    margins: tuple[PostStratification, ...]
    iterations: int
    converged: bool


CalibrationStep = PostStratification | Raking


def _labels(frame: pd.DataFrame, variables: tuple[str, ...]) -> pd.Series:
    missing = [v for v in variables if v not in frame.columns]
    if missing:
        raise DesignError(f"post-stratification column(s) {missing} not in the data")
    for v in variables:
        bad = np.flatnonzero(frame[v].isna().to_numpy())
        if bad.size:
            raise DesignError(
                f"post-stratification column {v!r} is missing at row {bad[0]}; every row needs "
                "a value"
            )
    parts = [frame[v].astype(str) for v in variables]
    label = parts[0]
    for p in parts[1:]:
        label = label + " & " + p
    return label


def _population(variables: tuple[str, ...], totals: Totals) -> dict[str, float]:
    if isinstance(totals, pd.DataFrame):
        value_col = "total" if "total" in totals.columns else "Freq"
        if value_col not in totals.columns or any(v not in totals.columns for v in variables):
            raise DesignError(
                f"population totals need columns {list(variables)} and 'total' (or 'Freq')"
            )
        keys = _labels(totals, variables)
        return dict(zip(keys, totals[value_col].astype(float), strict=True))
    items = totals.items()
    return {
        (" & ".join(map(str, k)) if isinstance(k, tuple) else str(k)): float(v) for k, v in items
    }


def _post_stratum(
    design: SurveyDesign | ReplicateDesign,
    variables: tuple[str, ...],
    totals: Totals,
    weights: np.ndarray,
    partial: bool,
) -> PostStratification:
    labels = _labels(design.frame, variables)
    population = _population(variables, totals)
    codes, levels = pd.factorize(labels, sort=True)
    sample_totals = np.bincount(codes, weights=weights, minlength=len(levels))
    unknown = [lv for lv in levels if lv not in population]
    if unknown:
        raise DesignError(
            f"post-stratum {unknown[0]!r} of {list(variables)} is in the sample but has no "
            "population total; "
            "add it to the totals"
        )
    absent = [k for k, v in population.items() if k not in set(levels) and v > 0]
    if absent and not partial:
        raise DesignError(
            f"post-stratum {absent[0]!r} of {list(variables)} has a population total but no "
            "sample; "
            "collapse it into a neighbour or pass partial=True to ignore it"
        )
    target = np.array([population[lv] for lv in levels])
    new = weights * (target / sample_totals)[codes]
    return PostStratification(variables, codes.astype(np.int64), weights, new)


def _as_vars(strata: str | Sequence[str]) -> tuple[str, ...]:
    return (strata,) if isinstance(strata, str) else tuple(strata)


def poststratify(
    design: SurveyDesign | ReplicateDesign,
    strata: str | Sequence[str],
    population_totals: Totals,
    *,
    partial: bool = False,
) -> SurveyDesign | ReplicateDesign:
    """Post-stratify ``design`` on ``strata`` (one column or a crossing) to known totals.

    A replicate design has every replicate post-stratified to the same totals (R's
    ``postStratify.svyrep.design``).

    R's ``postStratify(design, ~strata, population)``: the weights of each post-stratum are
    scaled to its population total, and the variance accounts for it.

    Parameters
    ----------
    design : SurveyDesign or ReplicateDesign
    strata : str or sequence of str
        The post-stratification column, or columns whose crossing defines the cells.
    population_totals : mapping, pandas.Series or pandas.DataFrame
        Population total of each cell.
    partial : bool, default False
        Allow cells of the population that the sample lacks.

    Returns
    -------
    SurveyDesign or ReplicateDesign
        A new design (``design`` is unchanged) with the calibration recorded.

    Raises
    ------
    DesignError
        A sample cell without a population total, or the reverse unless ``partial``.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_mean, poststratify
    >>> frame = pd.DataFrame({
    ...     "stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...     "income": [300.0, 420, 380, 510, 250, 270, 330, 290], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> calibrated = poststratify(design, "sex", {"f": 50.0, "m": 40.0})
    >>> row = estimate_mean("income", calibrated).to_frame().iloc[0]
    >>> round(float(row["estimate"]), 2), round(float(row["se"]), 3)
    (350.46, 27.964)

    R: ``svymean(~income, postStratify(design, ~sex, data.frame(sex=c("f", "m"),
    Freq=c(50, 40))))`` gives 350.46 with SE 27.964.
    """
    if isinstance(design, ReplicateDesign):
        return _replicate_poststratify(design, _as_vars(strata), population_totals, partial)
    step = _post_stratum(
        design, _as_vars(strata), population_totals, design.structure.weights, partial
    )
    return design.with_weights(step.weights, step)


def _replicate_poststratify(
    design: ReplicateDesign, variables: tuple[str, ...], totals: Totals, partial: bool
) -> ReplicateDesign:
    step = _post_stratum(design, variables, totals, design.weights, partial)
    n_groups = int(step.codes.max()) + 1
    # Replicate factors now depend on the post-stratum too: one unit per (unit, post-stratum).
    keys, unit = compress(design.unit * n_groups + step.codes)
    pair_unit, pair_group = keys // n_groups, keys % n_groups
    pair_weight = np.bincount(unit, weights=design.weights, minlength=len(keys))
    pair_factors = design.factors[pair_unit]
    replicate_totals = group_sum(pair_weight[:, None] * pair_factors, pair_group, n_groups)
    totals_full = np.bincount(step.codes, weights=design.weights, minlength=n_groups)
    factors = pair_factors * (totals_full[:, None] / replicate_totals)[pair_group]
    return ReplicateDesign(
        design.frame,
        step.weights,
        unit,
        factors,
        design.scale,
        design.rscales,
        design.mse,
        design.type,
    )


def rake(
    design: SurveyDesign | ReplicateDesign,
    margins: Mapping[str | tuple[str, ...], Totals],
    *,
    max_iter: int = 10,
    epsilon: float = 1.0,
) -> SurveyDesign | ReplicateDesign:
    """Rake ``design`` to the population totals of each margin (R's ``rake`` defaults).

    ``epsilon`` below 1 is a fraction of the sum of weights, otherwise an absolute change in
    the weighted table of all margin variables, as in R.

    Parameters
    ----------
    design : SurveyDesign or ReplicateDesign
    margins : mapping
        Margin (a column or a tuple of columns) → population totals of its cells.
    max_iter : int, default 10
        Iterations of iterative proportional fitting (R's ``control$maxit``).
    epsilon : float, default 1.0
        Convergence tolerance (R's ``control$epsilon``).

    Returns
    -------
    SurveyDesign or ReplicateDesign
        A new design with one post-stratification step per margin and iteration.

    Raises
    ------
    DesignError
        No margin given, or a margin whose cells do not match the sample.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, rake
    >>> frame = pd.DataFrame({
    ...     "stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...     "income": [300.0, 420, 380, 510, 250, 270, 330, 290], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> raked = rake(design, {"sex": {"f": 50.0, "m": 40.0}, "stratum": {1: 45.0, 2: 45.0}})
    >>> float(raked.weight_array().sum())
    90.0
    """
    if not margins:
        raise DesignError("rake needs at least one margin")
    keys = [_as_vars(k) for k in margins]
    all_vars = tuple(dict.fromkeys(v for k in keys for v in k))
    table_codes = pd.factorize(_labels(design.frame, all_vars), sort=True)[0]
    weights = design.weights if isinstance(design, ReplicateDesign) else design.structure.weights
    tolerance = epsilon * weights.sum() if epsilon < 1 else epsilon
    old_table = np.bincount(table_codes, weights=weights)
    steps: list[PostStratification] = []
    converged = False
    iteration = 0
    current = design
    while iteration < max_iter:
        steps = []
        for key, totals in zip(keys, margins.values(), strict=True):
            if isinstance(current, ReplicateDesign):
                current = _replicate_poststratify(current, key, totals, partial=False)
                weights = current.weights
            else:
                step = _post_stratum(design, key, totals, weights, partial=False)
                steps.append(step)
                weights = step.weights
        new_table = np.bincount(table_codes, weights=weights)
        if np.max(np.abs(old_table - new_table)) < tolerance:
            converged = True
            break
        old_table = new_table
        iteration += 1
    if not converged:
        warnings.warn(
            f"raking did not converge after {iteration} iterations", RuntimeWarning, stacklevel=2
        )
    if isinstance(current, ReplicateDesign):
        return current
    assert isinstance(design, SurveyDesign)
    return design.with_weights(weights, Raking(tuple(steps), iteration, converged))


def residualise(scores: np.ndarray, steps: Sequence[CalibrationStep]) -> np.ndarray:
    """Residuals of row scores (n, m) from each calibration step, in order (R's svyrecvar)."""
    x = np.array(scores, dtype=float, copy=True)
    for step in steps:
        if isinstance(step, PostStratification):
            n_groups = int(step.codes.max()) + 1
            ratio = (step.old_weights / step.weights)[:, None]
            means = (
                group_sum(x * ratio, step.codes, n_groups)
                / np.bincount(step.codes, weights=step.old_weights)[:, None]
            )
            x -= means[step.codes] * step.weights[:, None]
        else:
            # R iterates the margin projections ten times, each an unweighted mean of x/w.
            for _ in range(10):
                for margin in step.margins:
                    n_groups = int(margin.codes.max()) + 1
                    psw = margin.weights[:, None]
                    counts = np.bincount(margin.codes, minlength=n_groups)[:, None]
                    x -= psw * (group_sum(x / psw, margin.codes, n_groups) / counts)[margin.codes]
    return x
