"""Smuggler use among the people who filled in a captive-portal form, by group.

The DTM-WiFi portal forms ask the flow survey's smuggling question (``smuggler_used``: paid
someone to take them across a border or along the route). This module computes the
catalogue's ``prop_portal_smuggler_used`` with the one indicator engine, overall and by sex,
age group, whom the respondent travels with and where they stand on regularisation (the
portal has no means of transport). Forms curated before the question was added have no
answers: the result then holds no indicator and a study says the question was not asked.

Portal forms are self-selected (a non-probability sample): every share is indicative, with
the contract's caveat; small numerators are withheld when the rows are published.
"""

from __future__ import annotations

import pandas as pd

from evidence.errors import ContractError
from evidence.indicators.answered import answered_indicators
from evidence.indicators.datasets import sampling_caveat
from evidence.indicators.publish import rows_frame
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT
from evidence.risks.protection import ProtectionRisks, published_by_factors

DATASET = "portal_forms"
PORTAL_SMUGGLING_INDICATORS: tuple[str, ...] = ("prop_portal_smuggler_used",)
PORTAL_FACTORS: tuple[str, ...] = ("sex", "age_group", "travelling_with", "regularisation")


def portal_smuggling(
    forms: pd.DataFrame,
    *,
    factors: tuple[str, ...] = PORTAL_FACTORS,
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> ProtectionRisks:
    """Share of portal respondents who paid a smuggler, overall and by each of ``factors``,
    published (disclosure last). The input frame is not modified.

    Parameters
    ----------
    forms : pandas.DataFrame
        Curated portal forms (``evidence.load``); older forms without ``smuggler_used`` give
        a result with no indicators and no rows.
    factors : tuple of str
        Groups to break the share down by, from ``PORTAL_FACTORS``.
    country, period : str, optional
        ISO3 code and ``YYYY-MM``; taken from the data's columns when not given.
    min_count : int
        Smallest count published (n, numerator and complement); smaller cells are withheld.

    Returns
    -------
    ProtectionRisks
        Published rows (``to_results``); ``indicators`` is empty when the question was not
        asked.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> forms = synthesize("portal_forms", "ABW", "2023-12", seed=1, scale=0.05)
    >>> portal_smuggling(forms, country="ABW", period="2023-12").indicators
    ('prop_portal_smuggler_used',)
    >>> older = forms.drop(columns="smuggler_used")
    >>> portal_smuggling(older, country="ABW", period="2023-12").to_frame().empty
    True
    """
    unknown = [f for f in factors if f not in PORTAL_FACTORS]
    if unknown:
        raise ContractError(
            f"portal smuggling factors {unknown} are not declared; choose from "
            f"{list(PORTAL_FACTORS)}"
        )
    ids = answered_indicators(PORTAL_SMUGGLING_INDICATORS, forms)
    if not ids:
        return ProtectionRisks(_no_rows(), (), factors, sampling_caveat(DATASET) or "")
    return published_by_factors(forms, DATASET, ids, factors, country, period, min_count)


def _no_rows() -> pd.DataFrame:
    return rows_frame([], "", "").assign(suppressed=pd.Series(dtype=bool))


__all__ = ["PORTAL_FACTORS", "PORTAL_SMUGGLING_INDICATORS", "portal_smuggling"]
