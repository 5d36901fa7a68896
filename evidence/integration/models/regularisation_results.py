"""Results of the effect of regular status: IPW and AIPW estimates, balance and overlap."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evidence.integration.models.rows import code, result_rows, sample_rows
from evidence.integration.models.show import Section, summary_html, summary_text


@dataclass(frozen=True)
class RegularisationResults:
    """Effect estimates (``effects``), ``balance`` (SMD before/after), ``overlap``
    (propensity quantiles by group) and ``propensities`` (one row per row used, for an
    overlap figure).

    ``to_frame()`` gives the estimates with the estimand and degrees of freedom;
    ``to_results(country, period)`` the rows of the results contract (indicator
    ``effect_<treatment>_on_<outcome>_<estimand>``, one level per method); ``balanced`` is True
    when every covariate's standardised mean difference after weighting is under 0.1;
    ``notes`` state the trimming rule and dropped rows.

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
    >>> sorted(effect.to_frame().columns)
    ['ci_high', 'ci_low', 'df', 'estimand', 'estimate', 'method', 'se']
    >>> effect.to_results("ABW", "2023-12")["level"].tolist()
    ['ipw', 'aipw', 'treated', 'control']
    >>> isinstance(effect.balanced, bool)
    True
    >>> any(note.startswith("trimming rule") for note in effect.notes)
    True
    """

    outcome: str
    treatment: str
    estimand: str
    effects: pd.DataFrame = field(repr=False)
    mean_treated: float
    mean_control: float
    balance: pd.DataFrame = field(repr=False)
    overlap: pd.DataFrame = field(repr=False)
    propensities: pd.DataFrame = field(repr=False)  # row, treated, propensity, weight
    n_treated: int
    n_control: int
    n_weighted: float
    n_trimmed: int
    n_dropped: int
    df: int
    variance_method: str
    notes: tuple[str, ...]

    @property
    def balanced(self) -> bool:
        return bool(self.balance["balanced"].all())

    def to_frame(self) -> pd.DataFrame:
        return self.effects.assign(estimand=self.estimand, df=self.df)

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """The effect by method (``effect_<treatment>_on_<outcome>_<estimand>``) and the
        observations of each group (``..._sample``, levels treated and control; unit
        count)."""
        frame = self.effects
        indicator = code(f"effect_{self.treatment}_on_{self.outcome}_{self.estimand}")
        effects = result_rows(
            indicator=indicator,
            country=country, period=period, disaggregation="method",
            levels=list(frame["method"]), estimate=frame["estimate"].to_numpy(),
            se=frame["se"].to_numpy(), ci_low=frame["ci_low"].to_numpy(),
            ci_high=frame["ci_high"].to_numpy(), n=self.n_treated + self.n_control,
            n_weighted=self.n_weighted, unit="difference", df=self.df,
        )  # fmt: skip
        samples = sample_rows(
            indicator=f"{indicator}_sample", country=country, period=period,
            disaggregation="group", levels=["treated", "control"],
            counts=[self.n_treated, self.n_control], n_weighted=[np.nan, np.nan],
        )  # fmt: skip
        return pd.concat([effects, samples], ignore_index=True)

    def summary(self) -> str:
        head = (
            f"Effect of {self.treatment} on {self.outcome} ({self.estimand}): "
            f"{self.n_treated} treated, {self.n_control} controls; SEs by "
            f"{self.variance_method}; df {self.df}"
        )
        return summary_text(head, self.notes, self._sections())

    def _sections(self) -> list[Section]:
        return [("", self.to_frame(), False), ("Balance", self.balance, False)]

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return summary_html(self.summary(), self.notes, self._sections())
