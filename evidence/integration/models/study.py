"""The integration study's models on the integration survey, in one place.

The model columns the survey does not hold (``study_frame``), the design its contract
declares, and the fits the study shows (``integration_models``): a survey-weighted logistic
model of employment with its average marginal effects, the Oaxaca-Blinder decomposition of
the migrant - host employment gap (logistic) and income gap (linear, among the employed),
and the effect of regular status on migrants' employment (IPW and AIPW) with its covariate
balance. A model whose sample is too small for it (``evidence.integration.models.samples``)
or that cannot be estimated (separation, collinearity) is a ``NotEstimated`` outcome that
publishes no rows and says why, so a study shows a sentence instead of noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import pandas as pd

from evidence.errors import EstimationError, SampleSizeError
from evidence.indicators.datasets import design_from_contract
from evidence.integration.models.glm import fit_glm
from evidence.integration.models.glm_results import GLMResults
from evidence.integration.models.margins import MarginsResults, average_marginal_effects
from evidence.integration.models.oaxaca_blinder import oaxaca
from evidence.integration.models.oaxaca_results import OaxacaResults
from evidence.integration.models.regularisation import regularisation_effect
from evidence.integration.models.regularisation_results import RegularisationResults
from evidence.integration.models.rows import RESULT_COLUMNS, code, result_rows
from evidence.survey import SurveyDesign
from evidence.survey.options import DEFAULT_LONELY_PSU, LonelyPSU

DATASET = "integration_survey"
YEARS_CAP = 10
AGE_CENTRE = 35
GROUPS: tuple[str, str] = ("migrant", "host")
"""Decomposition order: gaps are migrants minus hosts, as everywhere in the study."""
EMPLOYMENT_FORMULA = (
    "employed ~ female + age_c + age_c2 + C(education, Treatment('secondary')) + migrant"
    " + regular + in_process + years10"
)
MARGINS_VARIABLES: tuple[str, ...] = ("female", "migrant", "regular", "in_process", "years10")
DECOMPOSITION_COVARIATES: tuple[str, ...] = (
    "female", "age_c", "age_c2", "education", "regular", "in_process", "years10",
)  # fmt: skip
INDICATOR_COLUMNS: tuple[str, ...] = ("female", "migrant", "regular", "in_process")
BALANCE_COVARIATES: tuple[str, ...] = ("years_in_country", "sex", "age", "education")
INCOME = "monthly_income"

T = TypeVar("T")


def study_frame(survey: pd.DataFrame) -> pd.DataFrame:
    """The survey with the model columns (a copy; the input is not modified).

    ``female``, ``migrant``, ``regular`` (documents regular), ``in_process`` (regularisation
    in process) as booleans, so marginal effects are discrete changes; ``years10``: years in
    the country capped at 10, 0 for hosts; ``age_c`` = age - 35 and its square ``age_c2``;
    ``employed`` as a boolean without missing values where the survey has them.
    """
    age = pd.to_numeric(survey["age"]).astype(float)
    years = pd.to_numeric(survey["years_in_country"]).astype(float)
    return survey.assign(
        female=(survey["sex"] == "female").fillna(False).astype(bool),
        migrant=(survey["group"] == "migrant").fillna(False).astype(bool),
        regular=(survey["document_status"] == "regular").fillna(False).astype(bool),
        in_process=(survey["document_status"] == "in_process").fillna(False).astype(bool),
        years10=np.minimum(years.fillna(0.0), YEARS_CAP),
        age_c=age - AGE_CENTRE,
        age_c2=(age - AGE_CENTRE) ** 2,
    )


def _numeric(frame: pd.DataFrame) -> pd.DataFrame:
    """0/1 floats for the indicator columns: a decomposition treats them as numbers (a
    covariate absent in one group, such as regular status among hosts, is then a zero there
    rather than an empty category)."""
    return frame.assign(**{c: frame[c].astype(float) for c in INDICATOR_COLUMNS})


@dataclass(frozen=True)
class NotEstimated:
    """A model the study could not estimate: the sample is too small for it
    (``too_small``) or the estimation failed (separation, collinearity); ``reason`` is the
    estimator's message. It publishes no rows."""

    model: str
    reason: str
    too_small: bool

    @property
    def estimated(self) -> bool:
        return False

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        del country, period  # nothing to publish
        return pd.DataFrame({column: [] for column in RESULT_COLUMNS})

    def summary(self) -> str:
        what = "sample too small" if self.too_small else "not estimated"
        return f"{self.model}: {what}: {self.reason}"

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from html import escape

        return f"<p><em>{escape(self.summary())}</em></p>"


def attempt(model: str, fit: Callable[[], T]) -> T | NotEstimated:
    """``fit()``, or the ``NotEstimated`` outcome when it raises a sample-size or
    estimation error."""
    try:
        return fit()
    except SampleSizeError as error:
        return NotEstimated(model, str(error), too_small=True)
    except EstimationError as error:
        return NotEstimated(model, str(error), too_small=False)


def with_intervals(result: GLMResults) -> GLMResults:
    """``result``, or a ``SampleSizeError`` when the design leaves no residual degrees of
    freedom for its intervals (fewer PSUs than parameters: a model too big for the sample)."""
    if result.df_resid < 1:
        raise SampleSizeError(
            f"sample too small for the model: the design's {result.df_design} degrees of "
            f"freedom leave {result.df_resid} for {len(result.names)} parameters (fewer PSUs "
            "than parameters)"
        )
    return result


@dataclass(frozen=True)
class BalanceResults:
    """Covariate balance of a regularisation effect as results rows: the standardised mean
    difference (treated - controls) of each covariate before and after weighting
    (``smd_<treatment>_before`` / ``_after``, by covariate; unit ``difference``)."""

    effect: RegularisationResults = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.effect.balance

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        balance = self.effect.balance
        levels = [code(c.replace("=", "_")) for c in balance["covariate"]]
        empty = np.full(len(balance), np.nan)
        common = {
            "country": country, "period": period, "disaggregation": "covariate",
            "levels": levels, "se": empty, "ci_low": empty, "ci_high": empty,
            "n": self.effect.n_treated + self.effect.n_control,
            "n_weighted": self.effect.n_weighted, "unit": "difference",
            "df": float(self.effect.df), "ci_method": "none",
        }  # fmt: skip
        pieces: list[pd.DataFrame] = [
            result_rows(
                indicator=f"smd_{code(self.effect.treatment)}_{when}",
                estimate=balance[f"smd_{when}"].to_numpy(dtype=float),
                **common,  # type: ignore[arg-type]
            )
            for when in ("before", "after")
        ]
        return pd.concat(pieces, ignore_index=True)


@dataclass(frozen=True)
class IntegrationModels:
    """The integration study's model results (each may be ``NotEstimated``)."""

    employment: GLMResults | NotEstimated
    margins: MarginsResults | NotEstimated
    employment_gap: OaxacaResults | NotEstimated
    income_gap: OaxacaResults | NotEstimated
    regularisation: RegularisationResults | NotEstimated
    balance: BalanceResults | NotEstimated

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        parts = [
            self.employment, self.margins, self.employment_gap, self.income_gap,
            self.regularisation, self.balance,
        ]  # fmt: skip
        rows: list[pd.DataFrame] = [p.to_results(country, period) for p in parts]
        return pd.concat([r for r in rows if len(r)] or rows[:1], ignore_index=True)

    def summary(self) -> str:
        return "\n\n".join(
            repr(part)
            for part in (self.employment, self.employment_gap, self.income_gap, self.regularisation)
        )


def study_design(frame: pd.DataFrame, lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU) -> SurveyDesign:
    """The integration survey's design (as its data contract declares it) over ``frame``."""
    return design_from_contract(frame, DATASET, lonely_psu)


def employment_gap(
    survey: pd.DataFrame, *, lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU
) -> OaxacaResults | NotEstimated:
    """The logistic decomposition of the migrant - host employment gap alone (the regional
    study compares it across countries)."""
    numeric = _numeric(study_frame(survey))
    design = study_design(numeric, lonely_psu)
    return attempt(
        "employment_gap",
        lambda: oaxaca(
            numeric, "employed", "group", DECOMPOSITION_COVARIATES, design=design,
            model="logistic", reference="pooled", groups=GROUPS,
        ),
    )  # fmt: skip


def integration_models(
    survey: pd.DataFrame, *, lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU
) -> IntegrationModels:
    """Fit the study's models on the integration survey (raw columns; ``study_frame`` adds
    the model columns)."""
    frame = study_frame(survey)
    design = study_design(frame, lonely_psu)
    numeric = _numeric(frame)
    numeric_design = study_design(numeric, lonely_psu)
    employed = frame["employed"].fillna(False).astype(bool)

    employment = attempt(
        "employment", lambda: with_intervals(fit_glm(EMPLOYMENT_FORMULA, frame, design))
    )
    margins: MarginsResults | NotEstimated = (
        attempt("margins", lambda: average_marginal_effects(employment, list(MARGINS_VARIABLES)))
        if isinstance(employment, GLMResults)
        else employment
    )
    employment_gap_ = employment_gap(survey, lonely_psu=lonely_psu)
    income_gap = attempt(
        "income_gap",
        lambda: oaxaca(
            numeric, INCOME, "group", DECOMPOSITION_COVARIATES, design=numeric_design,
            model="linear", reference="pooled", groups=GROUPS, domain=employed.to_numpy(),
        ),
    )  # fmt: skip
    regularisation = attempt(
        "regularisation",
        lambda: regularisation_effect(
            frame, "employed", "regular", list(BALANCE_COVARIATES), design, "ATT",
            domain=frame["migrant"].to_numpy(),
        ),
    )  # fmt: skip
    balance: BalanceResults | NotEstimated = (
        BalanceResults(regularisation)
        if isinstance(regularisation, RegularisationResults)
        else regularisation
    )
    return IntegrationModels(
        employment=employment,
        margins=margins,
        employment_gap=employment_gap_,
        income_gap=income_gap,
        regularisation=regularisation,
        balance=balance,
    )
