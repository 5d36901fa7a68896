"""Design-based covariance of estimates from their influence functions or replicates.

An estimator linearised as ``theta - theta0 ~ sum_i u_i`` (u_i its influence, zero outside
the rows it uses) has the variance of the total of u, which the survey engine computes
stratum by stratum from unit totals (strata, PSUs, fpc, second stage, lonely-PSU policy:
``evidence.survey.variance``, as R's ``svyrecvar``). Rows outside the rows used stay in the
design with zero influence, so a domain or rows dropped for missing values are a
subpopulation of the full design, never a subset of the frame (R's ``subset(design, ...)``).
Calibrated designs residualise the row scores against the calibration first, as R does.

The engine gives variances of columns; the covariances come by polarisation,
``cov(a, b) = (var(a + b) - var(a) - var(b)) / 2``, exact because the variance is a quadratic
form in the unit totals. Replicate designs give the covariance of replicate estimates
(R's ``svrVar``) the same way.
"""

from __future__ import annotations

import numpy as np

from evidence.errors import DesignError
from evidence.survey.design import SurveyDesign
from evidence.survey.replicate import ReplicateDesign, replicate_df
from evidence.survey.replicate_estimation import replicate_variance
from evidence.survey.variance import design_variance, domain_df, group_sum

AnyDesign = SurveyDesign | ReplicateDesign


def design_weights(design: AnyDesign) -> np.ndarray:
    """The analysis weights of a design (after any calibration)."""
    if isinstance(design, ReplicateDesign):
        return np.asarray(design.weights, dtype=float)
    return np.asarray(design.structure.weights, dtype=float)


def check_design(design: object) -> AnyDesign:
    if not isinstance(design, SurveyDesign | ReplicateDesign):
        raise DesignError(
            f"design must be a SurveyDesign or ReplicateDesign, not {type(design).__name__}"
        )
    if isinstance(design, SurveyDesign) and not design.probability:
        raise DesignError(
            "the design is a non-probability sample: models need design-based standard "
            "errors; give a probability design"
        )
    return design


def _pairs(k: int) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.triu_indices(k, 1)
    return i, j


def polarised(columns: np.ndarray) -> np.ndarray:
    """[a_1..a_k, a_i + a_j for i < j] along the last axis."""
    i, j = _pairs(columns.shape[-1])
    return np.concatenate([columns, columns[..., i] + columns[..., j]], axis=-1)


def unpolarise(variances: np.ndarray, k: int) -> np.ndarray:
    """The (k, k) covariance from the variances of ``polarised`` columns."""
    var = variances[:k]
    cov = np.diag(var)
    i, j = _pairs(k)
    off = (variances[k:] - var[i] - var[j]) / 2
    cov[i, j] = off
    cov[j, i] = off
    return cov


def unit_totals(
    design: SurveyDesign, rows: np.ndarray, influence: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit index, unit totals, present) of the influence rows ``rows`` of the design."""
    s = design.structure
    if s.two_stage:
        assert s.ssu is not None and s.ssu_psu is not None
        unit, n_units = s.ssu, len(s.ssu_psu)
    else:
        unit, n_units = s.psu, s.n_psu
    totals = group_sum(influence, unit[rows], n_units)
    present = (np.bincount(unit[rows], minlength=n_units) > 0)[:, None]
    return np.arange(n_units), totals, present


def linearised_variance(
    design: SurveyDesign, unit: np.ndarray, totals: np.ndarray, present: np.ndarray
) -> tuple[np.ndarray, int]:
    """Variance of every column of unit totals, and the design df of the units present."""
    s = design.structure
    level = np.zeros(len(unit), dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        variance, psu, psu_level, psu_present = design_variance(
            s, design.lonely_psu, unit, level, 1, totals, present
        )
    df = domain_df(s, psu, psu_level, psu_present, 1)
    return variance[0], int(np.asarray(df).ravel()[0])


def score_totals(
    design: SurveyDesign, rows: np.ndarray, influence: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(unit, unit totals, present, df) of the influence (m, k) on ``rows``.

    df is R's ``degf`` of the rows used. Calibrated designs residualise the scores of every
    row against the calibration groups first (R's svyrecvar): rows outside the domain then
    carry scores too, and every unit counts."""
    s = design.structure
    unit, totals, present = unit_totals(design, rows, influence)
    psu_present = np.zeros(s.n_psu, dtype=bool)
    psu_present[s.psu[rows]] = True
    psu = np.flatnonzero(psu_present)
    df = int(
        np.asarray(
            domain_df(s, psu, np.zeros(len(psu), dtype=np.int64), np.ones((len(psu), 1), bool), 1)
        ).ravel()[0]
    )
    if design.calibration:
        from evidence.survey.calibrate import residualise

        full = np.zeros((design.n, influence.shape[1]))
        full[rows] = influence
        every = np.arange(design.n)
        unit, totals, present = unit_totals(design, every, residualise(full, design.calibration))
        present = np.ones_like(present)
    return unit, totals, present, df


def linearised_variances(
    design: SurveyDesign, rows: np.ndarray, influence: np.ndarray
) -> tuple[np.ndarray, int]:
    """Design variance of the total of every column of ``influence`` (m, k), and df."""
    unit, totals, present, df = score_totals(design, rows, influence)
    variance, _ = linearised_variance(design, unit, totals, present)
    return variance, df


def linearised_covariance(
    design: SurveyDesign, rows: np.ndarray, influence: np.ndarray
) -> tuple[np.ndarray, int]:
    """Design covariance (k, k) of the totals of ``influence`` (m, k) on ``rows``, and df."""
    unit, totals, present, df = score_totals(design, rows, influence)
    variance, _ = linearised_variance(design, unit, polarised(totals), present)
    return unpolarise(variance, influence.shape[1]), df


def replicate_covariance(
    thetas: np.ndarray, estimate: np.ndarray, design: ReplicateDesign
) -> np.ndarray:
    """R's ``svrVar`` covariance (k, k) of replicate estimates ``thetas`` (R, k)."""
    k = thetas.shape[1]
    variance = replicate_variance(polarised(thetas), polarised(estimate[None])[0], design)
    return unpolarise(variance, k)


def replicate_domain_df(design: ReplicateDesign, rows: np.ndarray) -> int:
    """R's ``degf`` of the replicate design restricted to ``rows``."""
    units = np.unique(design.unit[rows])
    if len(units) == design.factors.shape[0]:
        return design.df
    return replicate_df(design.factors[units])
