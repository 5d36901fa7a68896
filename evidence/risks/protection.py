"""Protection risk factors by group: who meets gender-based violence, trafficking
indicators, smuggling, violence, extortion and child-protection risks on the route.

The programme names GBV, trafficking, smuggling and child protection among the risk factors
the evidence system must follow. This module computes the catalogue's protection indicators
(data_contracts/indicators.yaml) with the one indicator engine, overall and by sex, age
group, travel group (alone / family / non-family group), transport (on foot or not) and
regular status. Child-protection risks are the share travelling with children and, among
groups with children, the share with a separated or unaccompanied child.

These are the most sensitive numbers a study prints: numerators are small, so disclosure
control (minimum count, applied last when the rows are published) withholds many cells in
small countries, and a withheld cell stays withheld (shown as "–"). The flow monitoring
survey is a non-probability sample: every share is indicative (the share of the people
interviewed, no interval) with the contract's caveat.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from evidence.errors import ContractError
from evidence.indicators.answered import answered_indicators
from evidence.indicators.compute import compute
from evidence.indicators.datasets import sampling_caveat
from evidence.indicators.keys import resolve_country, resolve_period
from evidence.indicators.parse import load_catalogue
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, publication_options

DATASET = "flow_survey"
# Risks in the order the study shows them: GBV, trafficking, smuggling, violence,
# extortion, then child protection.
PROTECTION_INDICATORS: tuple[str, ...] = (
    "prop_risks_gender_based_violence",
    "prop_risks_trafficking_indicators",
    "prop_smuggler_used",
    "prop_risks_violence",
    "prop_risks_extortion",
    "prop_travelling_with_children",
    "prop_separated_children",
)
# The groups: each a column of the survey or a derived variable of the catalogue.
FACTORS: tuple[str, ...] = ("sex", "age_group", "group_type", "on_foot", "regular_status")


@dataclass(frozen=True)
class ProtectionRisks:
    """Published rows of the protection indicators, overall and by each factor
    (``protection_risks``): ``indicators`` answered by the data, ``factors``, ``withheld``
    (cells withheld by disclosure control) and the sampling caveat.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"indicator": ["prop_risks_violence"] * 2,
    ...                      "disaggregation": ["total", "sex"], "level": ["total", "female"],
    ...                      "estimate": [0.1, float("nan")], "suppressed": [False, True]})
    >>> risks = ProtectionRisks(rows, ("prop_risks_violence",), ("sex",), "")
    >>> risks.withheld
    1
    """

    table: pd.DataFrame = field(repr=False)
    indicators: tuple[str, ...]
    factors: tuple[str, ...]
    caveat: str

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        return self.table.assign(country=country, period=period).reset_index(drop=True)

    @property
    def withheld(self) -> int:
        """Cells withheld by disclosure control."""
        return int(self.table["suppressed"].astype(bool).sum())

    def summary(self) -> str:
        return (
            f"Protection risks: {len(self.indicators)} indicators by {', '.join(self.factors)}; "
            f"{len(self.table)} cells, {self.withheld} withheld. Indicative. {self.caveat}"
        )

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        view = self.table.pivot_table(
            index=["disaggregation", "level"],
            columns="indicator",
            values="estimate",
            aggfunc="first",
            sort=False,
        )
        return f"<p>{html.escape(self.summary())}</p>" + view.to_html(
            float_format=lambda v: f"{v:.3f}"
        )


def protection_risks(
    survey: pd.DataFrame,
    *,
    factors: tuple[str, ...] = FACTORS,
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> ProtectionRisks:
    """The protection indicators the survey answers (``PROTECTION_INDICATORS``; a
    questionnaire without the smuggling or separated-children question leaves them out),
    overall and by each of ``factors``, published (disclosure last). The input frame is not
    modified.

    Parameters
    ----------
    survey : pandas.DataFrame
        Curated flow survey (``evidence.load``); older data without ``smuggler_used`` or
        ``separated_children`` give no rows for those questions.
    factors : tuple of str
        Groups to break the shares down by, from ``FACTORS`` (sex, age group, travel group,
        on foot, migration status).
    country, period : str, optional
        ISO3 code and ``YYYY-MM``; taken from the data's columns when not given.
    min_count : int
        Smallest count published (n, numerator and complement); smaller cells are withheld.

    Returns
    -------
    ProtectionRisks
        Published rows (``to_results``), the indicators answered and the cells withheld.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> older = survey.drop(columns=["smuggler_used", "separated_children"])
    >>> risks = protection_risks(older, factors=("sex",), country="ABW", period="2023-12")
    >>> risks.indicators
    ('prop_risks_gender_based_violence', 'prop_risks_trafficking_indicators', \
'prop_risks_violence', 'prop_risks_extortion', 'prop_travelling_with_children')
    """
    unknown = [f for f in factors if f not in FACTORS]
    if unknown:
        raise ContractError(
            f"protection factors {unknown} are not declared; choose from {list(FACTORS)}"
        )
    ids = answered_indicators(PROTECTION_INDICATORS, survey)
    if not ids:
        raise ContractError(
            f"{DATASET}: none of the protection questions ({', '.join(PROTECTION_INDICATORS)}) "
            "is answered in these data"
        )
    return published_by_factors(survey, DATASET, ids, factors, country, period, min_count)


def published_by_factors(
    data: pd.DataFrame,
    dataset: str,
    ids: tuple[str, ...],
    factors: tuple[str, ...],
    country: str | None,
    period: str | None,
    min_count: int,
) -> ProtectionRisks:
    """Catalogue indicators ``ids`` of ``dataset`` overall and by each of ``factors``,
    through the one indicator engine with disclosure last (flow survey and portal forms
    alike), with the dataset's sampling caveat."""
    table = compute(
        load_catalogue(),
        data,
        country=resolve_country(data, country),
        period=resolve_period(data, period),
        dataset=dataset,
        indicators=ids,
        disaggregations=[(), *((f,) for f in factors)],
        disclosure=publication_options(min_count),
    ).to_frame()
    return ProtectionRisks(table, ids, factors, sampling_caveat(dataset) or "")


__all__ = ["FACTORS", "PROTECTION_INDICATORS", "ProtectionRisks", "protection_risks"]
