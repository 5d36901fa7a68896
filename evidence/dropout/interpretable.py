"""The interpretable dropout model: a logistic regression with school-clustered standard errors.

``fit_dropout_logit(linked)`` fits logit P(dropout) = b0 + Σ bj xj on the labelled students
of a linked frame (``link_levels``) by maximum likelihood (statsmodels GLM, binomial family),
unweighted: the model is a conditional one, and the school survey samples on school and on
migrant status, both of which are covariates or clusters. Standard errors are clustered by
school with the small-sample correction of R's ``sandwich::vcovCL(fit, cluster = ~school_id,
type = "HC1")`` (the default ``cadjust = TRUE``)::

    V = G/(G-1) · (N-1)/(N-K) · B⁻¹ (Σ_g s_g s_gᵀ) B⁻¹

with G schools, N students, K parameters, B the information matrix and s_g the score sum of
school g (statsmodels ``cov_type="cluster"`` with ``use_correction=True``, which is the same
matrix; tests/dropout/reference holds R's numbers). Intervals are Wald (normal quantile), as
R's ``coeftest``/``coefci`` with that matrix.

Average marginal effects (AMEs) are the mean change in the predicted probability: for a 0/1
feature, P(x=1) − P(x=0) averaged over students (a discrete change); for a number, the mean
derivative bj·p(1−p). Their standard errors come from the delta method with the clustered V.

Handling stated here: students with any covariate empty are left out and counted
(``n_excluded``); a 0/1 covariate that is constant, or one of whose values holds only
dropouts or no dropouts (perfect separation: the coefficient would be infinite), is left out
of the model and listed in ``excluded_features`` with the reason. Too few dropouts
(evidence.dropout.feasibility) raises EstimationError.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from evidence.dropout.feasibility import assess_feasibility
from evidence.dropout.features import BINARY_FEATURES, INTERPRETABLE_FEATURES, LABEL
from evidence.dropout.results import ResultRow, results_frame
from evidence.errors import EstimationError
from evidence.options import check_level

INTERCEPT = "intercept"


@dataclass(frozen=True)
class DropoutLogit:
    """Coefficients, clustered covariance, odds ratios and AMEs of the dropout logit.

    ``coef``, ``se`` (clustered by school, HC1), ``confint()``, ``odds_ratios()``, average
    marginal effects ``ame`` with delta-method ``ame_se``; ``to_frame()`` one row per term;
    ``to_results`` the odds ratios and AMEs as results rows; ``n_excluded`` and
    ``excluded_features`` state who and what was left out.

    Examples
    --------
    >>> from evidence.dropout import DropoutLogit, fit_dropout_logit, example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> logit = fit_dropout_logit(linked, features=("attendance_per_10_points", "child_work"))
    >>> isinstance(logit, DropoutLogit), logit.features
    (True, ('attendance_per_10_points', 'child_work'))
    >>> bool(logit.odds_ratios().loc["attendance_per_10_points", "odds_ratio"] < 1)
    True
    >>> logit.to_frame()["term"].tolist()[0], logit.n_schools
    ('intercept', 20)
    """

    coef: pd.Series
    vcov: pd.DataFrame
    ame: pd.Series
    ame_se: pd.Series
    n: int
    n_dropouts: int
    n_schools: int
    level: float = 0.95
    n_excluded: dict[str, int] = field(default_factory=dict)
    excluded_features: dict[str, str] = field(default_factory=dict)

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(t for t in self.coef.index if t != INTERCEPT)

    @property
    def se(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.vcov.to_numpy())), index=self.coef.index)

    def confint(self) -> pd.DataFrame:
        z = stats.norm.ppf(0.5 + self.level / 2)
        return pd.DataFrame({"ci_low": self.coef - z * self.se, "ci_high": self.coef + z * self.se})

    def odds_ratios(self) -> pd.DataFrame:
        ci = self.confint()
        return pd.DataFrame(
            {
                "odds_ratio": np.exp(self.coef),
                "ci_low": np.exp(ci["ci_low"]),
                "ci_high": np.exp(ci["ci_high"]),
            }
        ).drop(index=INTERCEPT)

    def to_frame(self) -> pd.DataFrame:
        """One row per term: coefficient, clustered SE, z, p, CI, odds ratio, AME."""
        z = stats.norm.ppf(0.5 + self.level / 2)
        ci = self.confint()
        ame = self.ame.reindex(self.coef.index)
        ame_se = self.ame_se.reindex(self.coef.index)
        return pd.DataFrame(
            {
                "term": self.coef.index,
                "coef": self.coef.to_numpy(),
                "se": self.se.to_numpy(),
                "z": (self.coef / self.se).to_numpy(),
                "p_value": 2 * stats.norm.sf(np.abs((self.coef / self.se).to_numpy())),
                "ci_low": ci["ci_low"].to_numpy(),
                "ci_high": ci["ci_high"].to_numpy(),
                "odds_ratio": np.exp(self.coef).to_numpy(),
                "or_ci_low": np.exp(ci["ci_low"]).to_numpy(),
                "or_ci_high": np.exp(ci["ci_high"]).to_numpy(),
                "ame": ame.to_numpy(),
                "ame_se": ame_se.to_numpy(),
                "ame_ci_low": (ame - z * ame_se).to_numpy(),
                "ame_ci_high": (ame + z * ame_se).to_numpy(),
            }
        )

    def __repr__(self) -> str:
        # The summary, not every array: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        head = (
            f"Dropout logit: {self.n} students ({self.n_dropouts} dropouts) in "
            f"{self.n_schools} schools; SEs clustered by school (HC1, as sandwich::vcovCL)"
        )
        notes = [f"left out: {k} {v}" for k, v in self.n_excluded.items() if v]
        notes += [f"feature {k} not in the model: {v}" for k, v in self.excluded_features.items()]
        table = self.to_frame().set_index("term")[["coef", "se", "odds_ratio", "ame", "ame_se"]]
        return "\n".join([head, *notes, table.round(4).to_string()])

    def _repr_html_(self) -> str:
        table = self.to_frame().set_index("term")[["coef", "se", "odds_ratio", "ame", "ame_se"]]
        return f"<p>{html.escape(self.summary().splitlines()[0])}</p>" + table.round(4).to_html()

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Odds ratios (Wald CI from the clustered SE, exponentiated) and AMEs per feature."""
        frame = self.to_frame().set_index("term").drop(index=INTERCEPT)
        rows: list[ResultRow] = []
        for term, r in frame.iterrows():
            rows.append(
                ResultRow(
                    "dropout_odds_ratio", r["odds_ratio"], "odds_ratio", self.n,
                    disaggregation="factor", level=str(term), se=math.nan,
                    ci_low=r["or_ci_low"], ci_high=r["or_ci_high"], ci_method="wald",
                )
            )  # fmt: skip
            rows.append(
                ResultRow(
                    "dropout_marginal_effect", r["ame"], "marginal_effect", self.n,
                    disaggregation="factor", level=str(term), se=r["ame_se"],
                    ci_low=r["ame_ci_low"], ci_high=r["ame_ci_high"], ci_method="wald",
                )
            )  # fmt: skip
        return results_frame(rows, country, period)


def _separation(x: pd.Series, y: pd.Series) -> str | None:
    """Why a 0/1 covariate cannot enter the model, or None if it can."""
    values = set(np.unique(x.to_numpy()))
    if len(values) < 2:
        return f"constant ({sorted(values)})"
    for value in sorted(values):
        outcome = y[x == value]
        if outcome.min() == outcome.max():
            kind = "only dropouts" if outcome.min() == 1 else "no dropouts"
            return f"separation: students with {x.name}={value:g} include {kind}"
    return None


def _ame(beta: np.ndarray, x: np.ndarray, binary: Sequence[bool]) -> tuple[np.ndarray, np.ndarray]:
    """AMEs of every column but the intercept (column 0), and their Jacobian in beta."""
    k = beta.size
    effects = np.full(k, np.nan)
    jacobian = np.zeros((k, k))
    p = 1 / (1 + np.exp(-(x @ beta)))
    for j in range(1, k):
        if binary[j]:
            x1, x0 = x.copy(), x.copy()
            x1[:, j], x0[:, j] = 1.0, 0.0
            p1 = 1 / (1 + np.exp(-(x1 @ beta)))
            p0 = 1 / (1 + np.exp(-(x0 @ beta)))
            effects[j] = np.mean(p1 - p0)
            jacobian[j] = ((p1 * (1 - p1)) @ x1 - (p0 * (1 - p0)) @ x0) / len(x)
        else:
            w = p * (1 - p)
            effects[j] = beta[j] * np.mean(w)
            jacobian[j] = beta[j] * ((w * (1 - 2 * p)) @ x) / len(x)
            jacobian[j, j] += np.mean(w)
    return effects, jacobian


def fit_dropout_logit(
    linked: pd.DataFrame,
    *,
    features: Sequence[str] = INTERPRETABLE_FEATURES,
    cluster: str = "school_id",
    level: float = 0.95,
) -> DropoutLogit:
    """Fit the dropout logit on a linked frame (``link_levels(...).frame``).

    Maximum likelihood (binomial GLM), unweighted; standard errors clustered by school with
    the HC1 small-sample correction; students with a covariate missing are left out and
    counted; a 0/1 covariate that is constant or perfectly separates the outcome is left out
    and listed.

    Parameters
    ----------
    linked : pandas.DataFrame
        The linked frame with the ``dropout`` label.
    features : sequence of str, default ``INTERPRETABLE_FEATURES``
    cluster : str, default "school_id"
    level : float, default 0.95

    Returns
    -------
    DropoutLogit

    Raises
    ------
    EstimationError
        A column is missing, too few dropouts (``Feasibility.message``), or collinear
        covariates.
    OptionError
        ``level`` not in (0, 1).

    See Also
    --------
    DropoutRiskModel : the predictive model.

    References
    ----------
    R: ``glm(dropout ~ ..., family = binomial)`` with ``sandwich::vcovCL(fit, cluster =
    ~school_id, type = "HC1")`` gives the same coefficients and standard errors
    (tests/dropout/reference).

    Examples
    --------
    >>> from evidence.dropout import fit_dropout_logit, example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> logit = fit_dropout_logit(linked, features=("attendance_per_10_points", "child_work"))
    >>> logit.n, logit.n_dropouts == int(linked["dropout"].sum()), logit.excluded_features
    (400, True, {})
    >>> bool(logit.coef["attendance_per_10_points"] < 0)
    True
    >>> try:
    ...     fit_dropout_logit(linked.head(100), features=("child_work",))
    ... except Exception as error:
    ...     print(type(error).__name__)
    EstimationError
    """
    check_level(level)
    missing = [c for c in (*features, LABEL, cluster) if c not in linked.columns]
    if missing:
        raise EstimationError(
            f"the linked frame lacks {missing}; build it with evidence.dropout.link_levels"
        )
    assess_feasibility(linked, group=cluster).require()
    labelled = linked[LABEL].notna() & linked[cluster].notna()
    complete = labelled & linked[list(features)].notna().all(axis=1)
    n_excluded = {
        "students without label or school": int((~labelled).sum()),
        "students with a covariate missing": int((labelled & ~complete).sum()),
    }
    data = linked.loc[complete, [*features, LABEL, cluster]]
    y = data[LABEL].astype(float)
    excluded: dict[str, str] = {}
    kept = []
    for name in features:
        reason = _separation(data[name].astype(float), y) if name in BINARY_FEATURES else None
        if reason is None and data[name].nunique() < 2:
            reason = "constant"
        if reason:
            excluded[name] = reason
        else:
            kept.append(name)
    x = np.column_stack([np.ones(len(data)), data[kept].to_numpy(dtype=float)])
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise EstimationError(
            f"the covariates {kept} are collinear on these students; drop one of them"
        )
    groups = pd.factorize(data[cluster])[0]
    model = sm.GLM(y.to_numpy(), x, family=sm.families.Binomial())
    fit = model.fit(
        cov_type="cluster",
        cov_kwds={"groups": groups, "use_correction": True, "df_correction": True},
    )
    terms = [INTERCEPT, *kept]
    beta = np.asarray(fit.params)
    vcov = np.asarray(fit.cov_params())
    effects, jacobian = _ame(beta, x, [False, *[name in BINARY_FEATURES for name in kept]])
    ame_var = np.einsum("ij,jk,ik->i", jacobian, vcov, jacobian)
    return DropoutLogit(
        coef=pd.Series(beta, index=terms),
        vcov=pd.DataFrame(vcov, index=terms, columns=terms),
        ame=pd.Series(effects, index=terms).drop(INTERCEPT),
        ame_se=pd.Series(np.sqrt(ame_var), index=terms).drop(INTERCEPT),
        n=len(data),
        n_dropouts=int(y.sum()),
        n_schools=int(groups.max() + 1),
        level=level,
        n_excluded=n_excluded,
        excluded_features=excluded,
    )
