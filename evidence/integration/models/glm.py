"""Survey-weighted generalised linear models with design-based standard errors (R's ``svyglm``).

``fit_glm(formula, data, design, family=)`` fits the weighted GLM (sampling weights as prior
weights; :mod:`irls`) and takes the covariance from the design:

- a :class:`~evidence.survey.SurveyDesign`: linearisation. The influence of row i is
  ``w_i x_i (y_i - mu_i)' A^-1`` with ``A = X' diag(w v) X`` (R's ``estfun %*% Ainv``); its
  totals go through the survey engine's ``svyrecvar`` (strata, PSUs, fpc, lonely PSUs).
- a :class:`~evidence.survey.ReplicateDesign`: the model is refitted with every replicate's
  weights and the replicate coefficients give R's ``svrVar``.

Degrees of freedom are R's ``df.residual = degf(design) + 1 - p``; intervals and p-values use
the t distribution on them (``summary.svyglm``, ``confint.svyglm``). A ``domain=`` fit keeps
the whole design and gives the rows outside zero weight (R's ``subset(design, ...)``).
Rows with a missing value in any formula column are left out and counted.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence.errors import DesignError, EstimationError
from evidence.integration.models.design_variance import (
    AnyDesign,
    check_design,
    design_weights,
    linearised_covariance,
    replicate_covariance,
    replicate_domain_df,
)
from evidence.integration.models.formula import ModelMatrix, model_matrix
from evidence.integration.models.glm_results import GLMResults
from evidence.integration.models.irls import FAMILIES, Family, check_outcome, fit_irls
from evidence.integration.models.samples import sample_adequacy
from evidence.options import check_option
from evidence.survey.design import SurveyDesign
from evidence.survey.replicate import ReplicateDesign

Domain = str | pd.Series | np.ndarray | Sequence[bool] | None


def domain_mask(data: pd.DataFrame, domain: Domain) -> np.ndarray | None:
    """Boolean mask of the domain rows (a boolean column name, Series or array); NA is out."""
    if domain is None:
        return None
    if isinstance(domain, str):
        if domain not in data.columns:
            raise DesignError(f"domain column {domain!r} is not in the data")
        values = data[domain]
    else:
        values = pd.Series(np.asarray(domain)) if not isinstance(domain, pd.Series) else domain
        if len(values) != len(data):
            raise DesignError(f"domain has {len(values)} values for {len(data)} rows")
    mask = values.astype("boolean").fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        raise EstimationError("the domain holds no row")
    return np.asarray(mask)


def check_alignment(data: pd.DataFrame, design: AnyDesign) -> None:
    if not isinstance(data, pd.DataFrame):
        raise DesignError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    if len(data) != design.n or not data.index.equals(design.frame.index):
        raise DesignError(
            "data and design do not hold the same rows: pass the design's frame (or a frame "
            "with the same rows and index); use domain= for a subpopulation, never a subset"
        )


def fit_glm(
    formula: str,
    data: pd.DataFrame,
    design: SurveyDesign | ReplicateDesign,
    family: Family = "binomial",
    *,
    domain: Domain = None,
) -> GLMResults:
    """Survey-weighted GLM of ``formula`` with design-based standard errors (R's ``svyglm``).

    Coefficients by iteratively reweighted least squares on the design weights; the
    covariance is the sandwich estimator through the design (linearisation, or refits in
    every replicate of a replicate design), as ``svyglm(formula, design,
    family=quasibinomial())``; t intervals on the residual df (design df minus parameters).

    Parameters
    ----------
    formula : str
        A patsy formula, as statsmodels reads them (``"outcome ~ a + b + a:b"``); text columns
        become treatment contrasts; boolean outcomes are 0/1.
    data : pandas.DataFrame
        The design's frame (same rows, same order). Not modified.
    design : SurveyDesign or ReplicateDesign
    family : {"binomial", "quasibinomial", "poisson", "gaussian"}, default "binomial"
    domain : str, pandas.Series or boolean array, optional
        Fit in a domain (a boolean column name, or a mask; R's ``subset(design, ...)``): rows
        outside it keep their place in the design, as they must for the variance.

    Returns
    -------
    GLMResults
        ``params``, ``bse``, ``conf_int()``, ``pvalues``, ``to_frame()`` (with odds ratios for
        the logit), ``summary()``.

    Raises
    ------
    OptionError
        Unknown family.
    SampleSizeError
        Fewer rows than the model needs (the message says which group or cell).
    EstimationError
        Separation or a singular design matrix.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.survey import SurveyDesign
    >>> from evidence.integration import fit_glm
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    >>> model = fit_glm("employed ~ group + sex", data, design, family="binomial")
    >>> model.params.round(4).tolist(), model.bse.round(4).tolist()
    ([0.2493, -0.6575, 0.5004], [0.1998, 0.244, 0.1416])

    R gives the same coefficients and standard errors: ``svyglm(employed ~ group + sex,
    svydesign(ids=~psu, strata=~stratum, weights=~weight, fpc=~fpc, data=data),
    family=quasibinomial())``.
    """
    check_option("family", family, FAMILIES)
    design = check_design(design)
    check_alignment(data, design)
    matrix = model_matrix(formula, data, domain_mask(data, domain))
    check_outcome(family, matrix.y, matrix.outcome)
    sample_adequacy({"the model's data": matrix.n}, len(matrix.names)).raise_if_too_small()
    w = design_weights(design)[matrix.rows]
    fit = fit_irls(matrix.X, matrix.y, w, family, matrix.names)
    p = len(fit.params)
    bread = np.linalg.inv(fit.information)
    replicate_params = None
    influence = None
    if isinstance(design, SurveyDesign):
        influence = (matrix.X * (w * (matrix.y - fit.mu))[:, None]) @ bread
        cov, df = linearised_covariance(design, matrix.rows, influence)
        method = "linearisation"
    else:
        replicate_params = replicate_fits(matrix, family, design, fit.params)
        cov = replicate_covariance(replicate_params, fit.params, design)
        df = replicate_domain_df(design, matrix.rows)
        method = f"replicate ({design.type}, {design.replicates} replicates)"
    if df < 1:
        raise EstimationError(
            f"the {matrix.n} rows used lie in a single PSU of each stratum (design df {df}): "
            "no design-based variance can be estimated; widen the domain or collapse strata"
        )
    notes = [matrix.missing_note()] if matrix.n_dropped else []
    df_resid = df + 1 - p
    if df_resid <= 0:
        notes.append(
            f"design df {df} leave {df_resid} residual df for {p} parameters: no t-based "
            "intervals or p-values (fewer PSUs than parameters)"
        )
    return GLMResults(
        formula=formula,
        family=family,
        names=matrix.names,
        params_=fit.params,
        cov=cov,
        df_design=df,
        df_resid=df_resid,
        n=matrix.n,
        n_weighted=float(w.sum()),
        n_domain=matrix.n_domain,
        dropped=dict(matrix.dropped),
        variance_method=method,
        notes=tuple(notes),
        iterations=fit.iterations,
        matrix=matrix,
        weights=w,
        mu=fit.mu,
        design=design,
        influence=influence,
        replicate_params=replicate_params,
    )


def replicate_fits(
    matrix: ModelMatrix, family: Family, design: ReplicateDesign, start: np.ndarray
) -> np.ndarray:
    """(R, p) coefficients refitted with every replicate's weights, from the full fit."""
    w = design.weights[matrix.rows]
    unit = design.unit[matrix.rows]
    out = np.empty((design.replicates, matrix.X.shape[1]))
    for r in range(design.replicates):
        weights_r = w * design.factors[unit, r]
        out[r] = fit_irls(
            matrix.X, matrix.y, weights_r, family, matrix.names, start=start, check=False
        ).params
    return out
