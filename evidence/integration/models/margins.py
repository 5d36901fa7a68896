"""Average marginal effects of a survey-weighted GLM, with design-based delta-method SEs.

For a numeric covariate v the effect of row i is d mu_i / d v = mu'(eta_i) (dx_i/dv)' b
(the model matrix is differentiated through the formula, so ``age + I(age**2)`` counts
both terms); for a categorical or boolean covariate it is mu(x_i at level) - mu(x_i at the
base level) (a numeric 0/1 column is numeric: pass it as boolean for a discrete change).
The average marginal effect (AME) is the weighted mean over the rows used;
``at={"years": 5}`` first sets covariates to chosen values in every row (Stata's
``margins, dydx() at()``).

Variance ``"design"`` (the default) linearises the AME in both the coefficients and the
weighted mean: influence = gradient' (influence of b) + w_i (effect_i - AME) / sum w, through
the design (or recomputed in every replicate). ``"conditional"`` treats the covariates as
fixed (J cov(b) J', statsmodels' ``get_margeff`` convention).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evidence.errors import ContractError
from evidence.integration.models.covariates import is_categorical
from evidence.integration.models.design_variance import (
    linearised_covariance,
    replicate_covariance,
)
from evidence.integration.models.formula import rebuild
from evidence.integration.models.glm_results import GLMResults
from evidence.integration.models.irls import inverse_link, mu_eta, second_derivative
from evidence.integration.models.rows import code, result_rows
from evidence.integration.models.show import summary_html, summary_text
from evidence.options import check_level, check_option
from evidence.survey.design import SurveyDesign

MarginsVariance = Literal["design", "conditional"]
STEP = 1e-5  # relative step of the central difference of the model matrix (exact to x^2)


@dataclass(frozen=True)
class Effect:
    """One marginal effect: its row effects (m,) and its gradient in b (p,)."""

    name: str
    variable: str
    contrast: str
    rows: np.ndarray
    gradient: np.ndarray


def _frame(result: GLMResults, at: Mapping[str, object] | None) -> pd.DataFrame:
    frame = result.design.frame.iloc[result.matrix.rows]
    if at:
        unknown = [k for k in at if k not in result.matrix.columns]
        if unknown:
            raise ContractError(f"at= names {unknown}, which the model does not use")
        frame = frame.copy()
        for key, value in at.items():
            frame[key] = pd.Series([value] * len(frame), index=frame.index)
    return frame


def effects(
    result: GLMResults,
    variables: Sequence[str],
    at: Mapping[str, object] | None,
    params: np.ndarray,
) -> list[Effect]:
    """Row effects and gradients of every requested variable at coefficients ``params``."""
    family = result.family
    frame = _frame(result, at)
    X = rebuild(result.matrix, frame)
    eta = X @ params
    mu = inverse_link(family, eta)
    slope = mu_eta(family, mu)
    curve = second_derivative(family, mu)
    w = result.weights / result.weights.sum()
    out = []
    for variable in variables:
        column = frame[variable]
        if is_categorical(column) or pd.api.types.is_bool_dtype(column.dtype):
            levels = sorted(result.design.frame[variable].dropna().unique().tolist(), key=str)
            base = levels[0]
            X0 = rebuild(result.matrix, frame.assign(**{variable: base}))
            mu0 = inverse_link(family, X0 @ params)
            for level in levels[1:]:
                X1 = rebuild(result.matrix, frame.assign(**{variable: level}))
                mu1 = inverse_link(family, X1 @ params)
                gradient = (w * mu_eta(family, mu1)) @ X1 - (w * mu_eta(family, mu0)) @ X0
                out.append(Effect(f"{variable}[{level}]", variable, f"{level} vs {base}",
                                  mu1 - mu0, gradient))  # fmt: skip
            continue
        values = pd.to_numeric(column).to_numpy(dtype=float)
        h = STEP * max(1.0, float(np.nanstd(values)))
        up = rebuild(result.matrix, frame.assign(**{variable: values + h}))
        down = rebuild(result.matrix, frame.assign(**{variable: values - h}))
        dX = (up - down) / (2 * h)
        dxb = dX @ params
        gradient = (w * curve * dxb) @ X + (w * slope) @ dX
        out.append(Effect(variable, variable, "derivative", slope * dxb, gradient))
    return out


def average_marginal_effects(
    result: GLMResults,
    variables: Sequence[str] | None = None,
    *,
    at: Mapping[str, object] | None = None,
    variance: MarginsVariance = "design",
) -> MarginsResults:
    """AMEs of ``variables`` (default: every covariate the formula uses).

    Average marginal effects on the response scale, as Stata's ``margins, dydx()``: a
    discrete change for categorical or boolean covariates (against the base level), the
    derivative for numeric ones; weighted means over the rows used; delta-method standard
    errors through the design (see the module docstring).

    Parameters
    ----------
    result : GLMResults
        A model from :func:`fit_glm`.
    variables : sequence of str, optional
        Covariates (default: all of the formula's).
    at : mapping, optional
        Hold covariates at these values.
    variance : {"design", "conditional"}, default "design"
        Linearise through the design in both the coefficients and the weighted mean, or
        treat the covariates as fixed (statsmodels' ``get_margeff`` convention).

    Returns
    -------
    MarginsResults

    Raises
    ------
    ContractError
        A variable that is not a covariate of the model.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.survey import SurveyDesign
    >>> from evidence.integration import average_marginal_effects, fit_glm
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    >>> effects = average_marginal_effects(fit_glm("employed ~ group + sex", data, design))
    >>> effects.to_frame()[["contrast", "ame"]].round(4).values.tolist()
    [['migrant vs host', -0.1595], ['male vs female', 0.1178]]
    """
    check_option("variance", variance, ("design", "conditional"))
    names = list(variables) if variables is not None else list(result.matrix.columns)
    unknown = [v for v in names if v not in result.matrix.columns]
    if unknown:
        raise ContractError(f"{unknown} are not covariates of {result.formula!r}")
    found = effects(result, [v for v in names if not at or v not in at], at, result.params_)
    w = result.weights
    ame = np.array([(w @ e.rows) / w.sum() for e in found])
    J = np.array([e.gradient for e in found])
    if variance == "conditional":
        cov = J @ result.cov @ J.T
    elif isinstance(result.design, SurveyDesign):
        assert result.influence is not None
        influence = result.influence @ J.T + (
            w[:, None] * (np.column_stack([e.rows for e in found]) - ame) / w.sum()
        )
        cov, _ = linearised_covariance(result.design, result.matrix.rows, influence)
    else:
        cov = _replicate_cov(result, found, names, at, ame)
    return MarginsResults(
        formula=result.formula,
        names=tuple(e.name for e in found),
        variables=tuple(e.variable for e in found),
        contrasts=tuple(e.contrast for e in found),
        ame=ame,
        cov=cov,
        df=result.df_resid,
        at=dict(at or {}),
        variance=variance,
        n=result.n,
        n_weighted=result.n_weighted,
        outcome=result.outcome,
    )


def _replicate_cov(
    result: GLMResults,
    found: list[Effect],
    names: list[str],
    at: Mapping[str, object] | None,
    ame: np.ndarray,
) -> np.ndarray:
    from evidence.survey.replicate import ReplicateDesign

    design = result.design
    assert isinstance(design, ReplicateDesign) and result.replicate_params is not None
    unit = design.unit[result.matrix.rows]
    thetas = []
    for r, params in enumerate(result.replicate_params):
        w_r = result.weights * design.factors[unit, r]
        variables = list(dict.fromkeys(e.variable for e in found))
        rows = effects(result, variables, at, params)
        unique = {e.name: e for e in rows}
        thetas.append([(w_r @ unique[e.name].rows) / w_r.sum() for e in found])
    return replicate_covariance(np.array(thetas), ame, design)


@dataclass(frozen=True)
class MarginsResults:
    """Average marginal effects with t intervals on the model's residual df.

    Returned by :func:`average_marginal_effects`.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.survey import SurveyDesign
    >>> from evidence.integration import average_marginal_effects, fit_glm
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    >>> effects = average_marginal_effects(fit_glm("employed ~ sex", data, design))
    >>> effects.to_frame().columns.tolist()
    ['term', 'variable', 'contrast', 'ame', 'se', 'p', 'ci_low', 'ci_high']
    """

    formula: str
    names: tuple[str, ...]
    variables: tuple[str, ...]
    contrasts: tuple[str, ...]
    ame: np.ndarray = field(repr=False)
    cov: np.ndarray = field(repr=False)
    df: int
    at: dict[str, object]
    variance: str
    n: int
    n_weighted: float
    outcome: str

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        level = check_level(level)
        se = np.sqrt(np.diag(self.cov))
        from scipy import stats

        half = stats.t.ppf(0.5 + level / 2, self.df) * se if self.df > 0 else np.nan * se
        return pd.DataFrame(
            {
                "term": list(self.names),
                "variable": list(self.variables),
                "contrast": list(self.contrasts),
                "ame": self.ame,
                "se": se,
                "p": 2 * stats.t.sf(np.abs(self.ame / se), self.df) if self.df > 0 else np.nan,
                "ci_low": self.ame - half,
                "ci_high": self.ame + half,
            }
        )

    def to_results(self, country: str, period: str, *, level: float = 0.95) -> pd.DataFrame:
        frame = self.to_frame(level)
        suffix = "_at_" + "_".join(code(f"{k}_{v}") for k, v in self.at.items()) if self.at else ""
        return result_rows(
            indicator=code(f"ame_{self.outcome}{suffix}"), country=country, period=period,
            disaggregation="term", levels=[code(t) for t in frame["term"]],
            estimate=frame["ame"].to_numpy(), se=frame["se"].to_numpy(),
            ci_low=frame["ci_low"].to_numpy(), ci_high=frame["ci_high"].to_numpy(), n=self.n,
            n_weighted=self.n_weighted, unit="marginal_effect", df=self.df,
        )  # fmt: skip

    def summary(self) -> str:
        at = f" at {self.at}" if self.at else ""
        head = (
            f"Average marginal effects{at} on {self.outcome} ({self.formula}); "
            f"variance: {self.variance}; df {self.df}"
        )
        return summary_text(head, (), [("", self.to_frame(), False)])

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return summary_html(self.summary(), (), [("", self.to_frame(), False)])
