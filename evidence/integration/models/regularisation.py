"""The effect of regular status (or any binary treatment) on an outcome, by inverse
probability weighting (IPW) with a doubly robust (AIPW) estimate beside it.

``regularisation_effect(data, outcome, treatment, covariates, design, estimand=)``:

1. the propensity of treatment given the covariates (:mod:`propensity`), weighted by the
   sampling weights;
2. the trimming rule, stated: rows with a propensity outside [trim, 1 - trim] are left out
   (counted; ``trim=0`` keeps every row), once, on the full sample;
3. IPW: the difference of weighted outcome means of treated and controls with the combined
   weights (Hajek form);
4. AIPW: outcome models fitted in each group (logistic for a 0/1 outcome, linear otherwise,
   weighted by the sampling weights) and the IPW-weighted residual corrections
   (ATE: mean(m1 - m0) + corrections of both groups; ATT: treated mean minus the controls'
   prediction corrected by their weighted residuals);
5. standard errors from a replicate design: every model (propensity and outcome) is refitted
   in every replicate. A :class:`SurveyDesign` is turned into JKn replicates (R's
   ``as.svrepdesign(type="JKn")``) for this.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence.errors import ContractError, EstimationError
from evidence.integration.models.covariates import covariate_matrix
from evidence.integration.models.design_variance import check_design, replicate_domain_df
from evidence.integration.models.glm import Domain, check_alignment, domain_mask
from evidence.integration.models.irls import Family, fit_irls, inverse_link
from evidence.integration.models.propensity import (
    Estimand,
    balance_table,
    balancing_weights,
    overlap_table,
    propensity,
)
from evidence.integration.models.regularisation_results import RegularisationResults
from evidence.integration.models.samples import sample_adequacy
from evidence.options import check_option
from evidence.survey.design import SurveyDesign
from evidence.survey.replicate import ReplicateDesign, replicate_design
from evidence.survey.replicate_estimation import replicate_variance

DEFAULT_TRIM = 0.1
"""Crump, Hotz, Imbens and Mitnik (2009): leave out propensities outside [0.1, 0.9]."""


def _binary(values: pd.Series, name: str) -> np.ndarray:
    numeric = pd.to_numeric(
        values.astype("Float64") if pd.api.types.is_bool_dtype(values.dtype) else values
    ).to_numpy(dtype=float)
    if not np.isin(numeric, (0.0, 1.0)).all():
        raise EstimationError(f"{name!r} must be 0/1 or boolean")
    return numeric


def estimates(
    X: np.ndarray,
    y: np.ndarray,
    treated: np.ndarray,
    w: np.ndarray,
    estimand: Estimand,
    names: tuple[str, ...],
    binary_outcome: bool,
    starts: tuple[np.ndarray | None, ...] = (None, None, None),
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """([ipw, aipw, mean_treated, mean_control_ipw], propensities, fitted coefficients)."""
    score, gamma = propensity(X, treated, w, names, starts[0])
    adjusted = balancing_weights(w, treated, score, estimand)
    t, c = treated, ~treated
    mean_t = adjusted[t] @ y[t] / adjusted[t].sum()
    mean_c = adjusted[c] @ y[c] / adjusted[c].sum()
    family: Family = "binomial" if binary_outcome else "gaussian"
    fitted = []
    predictions = []
    for member, start in ((t, starts[1]), (c, starts[2])):
        fit = fit_irls(X[member], y[member], w[member], family, names, start=start,
                       check=start is None)  # fmt: skip
        fitted.append(fit.params)
        predictions.append(inverse_link(family, X @ fit.params))
    m1, m0 = predictions
    residual_c = adjusted[c] @ (y[c] - m0[c]) / adjusted[c].sum()
    if estimand == "ATE":
        residual_t = adjusted[t] @ (y[t] - m1[t]) / adjusted[t].sum()
        aipw = w @ (m1 - m0) / w.sum() + residual_t - residual_c
    else:
        aipw = w[t] @ (y[t] - m0[t]) / w[t].sum() - residual_c
    values = np.array([mean_t - mean_c, aipw, mean_t, mean_c])
    return values, score, (gamma, *fitted)


def regularisation_effect(
    data: pd.DataFrame,
    outcome: str,
    treatment: str,
    covariates: Sequence[str],
    design: SurveyDesign | ReplicateDesign,
    estimand: Estimand = "ATT",
    *,
    domain: Domain = None,
    trim: float = DEFAULT_TRIM,
    level: float = 0.95,
) -> RegularisationResults:
    """IPW and AIPW effect of ``treatment`` on ``outcome``; see the module docstring.

    For the integration study: the effect of a regular migratory status on employment or
    income among migrants, adjusting for what drives regularisation (years in the country,
    sex, ...). The propensity and both outcome models are weighted by the sampling weights;
    rows with a propensity outside [trim, 1 - trim] are left out (counted in the notes);
    standard errors refit every model in every replicate (a :class:`SurveyDesign` becomes
    JKn replicates), t intervals on the replicate design's degrees of freedom.

    Parameters
    ----------
    data : pandas.DataFrame
        The design's frame (same rows and index). Not modified.
    outcome : str
        Column of the outcome (0/1 or boolean: logistic outcome models; else linear).
    treatment : str
        Column of the treatment, 0/1 or boolean.
    covariates : sequence of str
        Columns of the propensity and outcome models (text columns become indicators).
    design : SurveyDesign or ReplicateDesign
    estimand : {"ATT", "ATE"}, default "ATT"
    domain : str, pandas.Series or boolean array, optional
        Subpopulation (a boolean column name or a mask), keeping the whole design.
    trim : float, default 0.1
        In [0, 0.5); 0 keeps every row (Crump et al. 2009 for the default).
    level : float, default 0.95

    Returns
    -------
    RegularisationResults
        IPW and AIPW estimates (``to_frame()``), balance (SMD before and after weighting),
        overlap and propensities.

    Raises
    ------
    OptionError
        Unknown ``estimand``.
    ContractError
        ``trim`` outside [0, 0.5), or a column not in the data.
    DesignError
        ``data`` and the design do not hold the same rows, or a bad ``domain``.
    EstimationError
        A treatment that is not 0/1, an empty domain, or a model that cannot be fitted.
    SampleSizeError
        Too few treated or controls for the model.

    References
    ----------
    Crump, R. K., Hotz, V. J., Imbens, G. W. and Mitnik, O. A. (2009). Dealing with limited
    overlap in estimation of average treatment effects. Biometrika 96(1), 187-199.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.survey import SurveyDesign
    >>> from evidence.integration import regularisation_effect
    >>> raw = synthesize("integration_survey", "ABW", "2023-12", seed=1, scale=0.2)
    >>> data = raw.assign(regular=raw["document_status"].eq("regular"),
    ...                   migrant=raw["group"].eq("migrant"))
    >>> design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    >>> effect = regularisation_effect(data, "employed", "regular",
    ...                                ["years_in_country", "sex"], design, domain="migrant")
    >>> effect.to_frame()["method"].tolist(), effect.estimand
    (['ipw', 'aipw'], 'ATT')
    >>> effect.n_treated + effect.n_control + effect.n_trimmed == int(data["migrant"].sum())
    True
    >>> bool((effect.to_frame()["ci_low"] < effect.to_frame()["estimate"]).all())
    True
    """
    check_option("estimand", estimand, ("ATT", "ATE"))
    if not 0 <= trim < 0.5:
        raise ContractError(f"trim={trim!r} must be in [0, 0.5)")
    design = check_design(design)
    check_alignment(data, design)
    missing = [c for c in (outcome, treatment, *covariates) if c not in data.columns]
    if missing:
        raise ContractError(f"column(s) {missing} are not in the data")
    mask = domain_mask(data, domain)
    in_domain = np.ones(len(data), dtype=bool) if mask is None else mask
    columns = [outcome, treatment, *covariates]
    absent = data[columns].isna().to_numpy()
    complete = in_domain & ~absent.any(axis=1)
    n_dropped = int(in_domain.sum() - complete.sum())
    rows = np.flatnonzero(complete)
    frame = data.iloc[rows]
    y = pd.to_numeric(
        frame[outcome].astype("Float64") if pd.api.types.is_bool_dtype(frame[outcome].dtype)
        else frame[outcome]
    ).to_numpy(dtype=float)  # fmt: skip
    treated = _binary(frame[treatment], treatment).astype(bool)
    matrix = covariate_matrix(frame, covariates)
    names = matrix.names
    sample_adequacy(
        {"the treated": int(treated.sum()), "the controls": int((~treated).sum())}, len(names)
    ).raise_if_too_small()
    binary_outcome = bool(np.isin(y, (0.0, 1.0)).all())
    w_all = design.weights if isinstance(design, ReplicateDesign) else design.structure.weights
    w = np.asarray(w_all, dtype=float)[rows]
    score, _ = propensity(matrix.X, treated, w, names)
    keep = (score >= trim) & (score <= 1 - trim)
    n_trimmed = int((~keep).sum())
    rows, X, y, treated, w = rows[keep], matrix.X[keep], y[keep], treated[keep], w[keep]
    values, score, fitted = estimates(X, y, treated, w, estimand, names, binary_outcome)
    adjusted = balancing_weights(w, treated, score, estimand)
    replicates = design if isinstance(design, ReplicateDesign) else replicate_design(design, "JKn")
    unit = replicates.unit[rows]
    thetas = np.array([
        estimates(X, y, treated, w * replicates.factors[unit, r], estimand, names,
                  binary_outcome, fitted)[0]
        for r in range(replicates.replicates)
    ])  # fmt: skip
    se = np.sqrt(replicate_variance(thetas, values, replicates))
    df = replicate_domain_df(replicates, rows)
    from scipy import stats

    half = stats.t.ppf(0.5 + level / 2, df) * se
    notes = []
    if n_dropped:
        notes.append(f"{n_dropped} rows dropped for missing values")
    notes.append(
        f"trimming rule: rows with a propensity outside [{trim:g}, {1 - trim:g}] are left out "
        f"({n_trimmed} rows)"
    )
    balance = balance_table(X, names, treated, w, adjusted)
    if not balance["balanced"].all():
        worst = balance.iloc[int(np.argmax(balance["smd_after"].abs().to_numpy()))]
        notes.append(
            f"balance not reached: |SMD| of {worst['covariate']} is "
            f"{abs(worst['smd_after']):.3f} after weighting (threshold 0.1)"
        )
    return RegularisationResults(
        outcome=outcome, treatment=treatment, estimand=estimand,
        effects=pd.DataFrame({
            "method": ["ipw", "aipw"], "estimate": values[:2], "se": se[:2],
            "ci_low": values[:2] - half[:2], "ci_high": values[:2] + half[:2],
        }),
        mean_treated=float(values[2]), mean_control=float(values[3]),
        balance=balance, overlap=overlap_table(score, treated),
        propensities=pd.DataFrame({"row": rows, "treated": treated, "propensity": score,
                                   "weight": w}),
        n_treated=int(treated.sum()),
        n_control=int((~treated).sum()), n_weighted=float(w.sum()), n_trimmed=n_trimmed,
        n_dropped=n_dropped, df=df,
        variance_method=f"replicate ({replicates.type}, {replicates.replicates} replicates, "
        "every model refitted)",
        notes=tuple(notes),
    )  # fmt: skip
