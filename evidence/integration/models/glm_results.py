"""The results of a survey-weighted GLM, in statsmodels' shape (R's ``summary.svyglm``).

``params``, ``bse``, ``tvalues``, ``pvalues``, ``conf_int()``, ``cov_params()`` and, for
logistic models, ``odds_ratios()``; intervals and p-values use the t distribution on
``df_resid = degf(design) + 1 - p``. ``to_frame()`` is the single source of truth,
``to_results(country, period)`` the long rows of the results contract (odds ratios for
logistic models, coefficients otherwise; the intercept is not a published indicator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from evidence.errors import EstimationError
from evidence.integration.models.formula import ModelMatrix
from evidence.integration.models.irls import Family
from evidence.integration.models.rows import code, result_rows
from evidence.integration.models.show import summary_html, summary_text
from evidence.options import check_level

if TYPE_CHECKING:
    from evidence.integration.models.design_variance import AnyDesign

INTERCEPT = "Intercept"


@dataclass(frozen=True)
class GLMResults:
    """A fitted survey-weighted GLM; see the module docstring.

    Returned by :func:`fit_glm`; mirrors statsmodels' results (``params``, ``bse``,
    ``tvalues``, ``pvalues``, ``conf_int()``) and R's ``summary(svyglm(...))``.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.survey import SurveyDesign
    >>> from evidence.integration import fit_glm
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    >>> model = fit_glm("employed ~ group + sex", data, design)
    >>> model.to_frame().columns.tolist()
    ['term', 'coef', 'se', 't', 'p', 'ci_low', 'ci_high', 'df', 'odds_ratio']
    >>> print(model.summary().splitlines()[0])
    Survey-weighted GLM (binomial): employed ~ group + sex
    """

    formula: str
    family: Family
    names: tuple[str, ...]
    params_: np.ndarray = field(repr=False)
    cov: np.ndarray = field(repr=False)
    df_design: int
    df_resid: int
    n: int
    n_weighted: float
    n_domain: int
    dropped: dict[str, int] = field(repr=False)
    variance_method: str
    notes: tuple[str, ...]
    iterations: int = field(repr=False)
    matrix: ModelMatrix = field(repr=False)
    weights: np.ndarray = field(repr=False)
    mu: np.ndarray = field(repr=False)
    design: AnyDesign = field(repr=False)
    influence: np.ndarray | None = field(repr=False, default=None)
    replicate_params: np.ndarray | None = field(repr=False, default=None)

    @property
    def outcome(self) -> str:
        return self.matrix.outcome

    @property
    def n_dropped(self) -> int:
        return self.n_domain - self.n

    @property
    def params(self) -> pd.Series:
        return pd.Series(self.params_, index=list(self.names), name="coef")

    @property
    def bse(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.cov)), index=list(self.names), name="se")

    @property
    def tvalues(self) -> pd.Series:
        return (self.params / self.bse).rename("t")

    @property
    def pvalues(self) -> pd.Series:
        if self.df_resid <= 0:
            return pd.Series(np.nan, index=list(self.names), name="p")
        from scipy import stats

        return pd.Series(
            2 * stats.t.sf(np.abs(self.tvalues.to_numpy()), self.df_resid),
            index=list(self.names),
            name="p",
        )

    def cov_params(self) -> pd.DataFrame:
        return pd.DataFrame(self.cov, index=list(self.names), columns=list(self.names))

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Wald intervals with the t quantile on ``df_resid`` (R's ``confint.svyglm``)."""
        level = check_level(level)
        if self.df_resid <= 0:
            half = np.full(len(self.names), np.nan)
        else:
            from scipy import stats

            half = stats.t.ppf(0.5 + level / 2, self.df_resid) * self.bse.to_numpy()
        b = self.params_
        return pd.DataFrame({"lower": b - half, "upper": b + half}, index=list(self.names))

    def odds_ratios(self, level: float = 0.95) -> pd.DataFrame:
        """exp(coef) and its interval, for logistic models only."""
        if self.family not in ("binomial", "quasibinomial"):
            raise EstimationError(
                f"odds ratios need a logistic model; this one is family={self.family!r}"
            )
        ci = self.conf_int(level)
        return pd.DataFrame(
            {
                "odds_ratio": np.exp(self.params_),
                "se": np.exp(self.params_) * self.bse.to_numpy(),
                "lower": np.exp(ci["lower"].to_numpy()),
                "upper": np.exp(ci["upper"].to_numpy()),
            },
            index=list(self.names),
        )

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        ci = self.conf_int(level)
        frame = pd.DataFrame(
            {
                "term": list(self.names),
                "coef": self.params_,
                "se": self.bse.to_numpy(),
                "t": self.tvalues.to_numpy(),
                "p": self.pvalues.to_numpy(),
                "ci_low": ci["lower"].to_numpy(),
                "ci_high": ci["upper"].to_numpy(),
                "df": self.df_resid,
            }
        )
        if self.family in ("binomial", "quasibinomial"):
            frame["odds_ratio"] = np.exp(self.params_)
        return frame

    def to_results(
        self, country: str, period: str, *, indicator: str | None = None, level: float = 0.95
    ) -> pd.DataFrame:
        """Rows of the results contract: one per term except the intercept."""
        logistic = self.family in ("binomial", "quasibinomial")
        name = indicator or code(f"{'or' if logistic else 'coef'}_{self.outcome}")
        keep = [i for i, term in enumerate(self.names) if term != INTERCEPT]
        table = self.odds_ratios(level) if logistic else None
        ci = self.conf_int(level)
        est = table["odds_ratio"] if table is not None else self.params
        se = table["se"] if table is not None else self.bse
        low = table["lower"] if table is not None else ci["lower"]
        high = table["upper"] if table is not None else ci["upper"]
        return result_rows(
            indicator=name,
            country=country,
            period=period,
            disaggregation="term",
            levels=[code(self.names[i]) for i in keep],
            estimate=est.to_numpy()[keep],
            se=se.to_numpy()[keep],
            ci_low=low.to_numpy()[keep],
            ci_high=high.to_numpy()[keep],
            n=self.n,
            n_weighted=self.n_weighted,
            unit="odds_ratio" if logistic else "coefficient",
            df=self.df_resid,
        )

    def summary(self) -> str:
        head = (
            f"Survey-weighted GLM ({self.family}): {self.formula}\n"
            f"{self.n} rows used of {self.n_domain} in the domain; "
            f"weighted {self.n_weighted:,.1f}; "
            f"variance by {self.variance_method}; design df {self.df_design}, "
            f"residual df {self.df_resid}"
        )
        return summary_text(head, self.notes, [("", self.to_frame().set_index("term"), True)])

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return summary_html(self.summary(), self.notes, [("", self.to_frame(), False)])
