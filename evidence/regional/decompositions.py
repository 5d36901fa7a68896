"""The migrant - host employment gap decomposed in every response country, as results rows.

Each country's rows are its ``oaxaca_employed`` parts (gap, explained, unexplained, ...) and
``oaxaca_employed_share_explained`` from the same model as the country's integration study
(``evidence.integration.models.study.employment_gap``), with the country's ISO3 code in the
``country`` column. A country without an integration survey, or whose sample is too small
for the model, has no rows (the regional table shows "–").
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from evidence.countries import COUNTRIES
from evidence.integration.models.rows import RESULT_COLUMNS
from evidence.integration.models.study import employment_gap

INDICATORS: tuple[str, ...] = ("oaxaca_employed", "oaxaca_employed_share_explained")


def decomposition_rows(
    period: str, integration_survey: Mapping[str, pd.DataFrame] | None = None
) -> pd.DataFrame:
    """Results rows (not yet published) of the employment-gap decomposition of every
    country in ``integration_survey`` (``{ISO3: frame}``, as ``Study.load_all`` gives).

    Parameters
    ----------
    period : str
        The period ``YYYY-MM``.
    integration_survey : mapping of str to pandas.DataFrame, optional
        ``{ISO3: frame}`` of integration_survey.

    Returns
    -------
    pandas.DataFrame
        ``oaxaca_employed`` (levels gap, explained, unexplained, endowments, coefficients,
        interaction) and ``oaxaca_employed_share_explained`` rows per country; empty (with
        the results columns) when no country has a survey.

    See Also
    --------
    evidence.integration.models.study.employment_gap : the model of one country.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("integration_survey", "ABW", "2023-12", seed=1)
    >>> rows = decomposition_rows("2023-12", {"ABW": survey})
    >>> rows.loc[rows["indicator"] == "oaxaca_employed", "level"].tolist()
    ['gap', 'explained', 'unexplained', 'endowments', 'coefficients', 'interaction']
    >>> decomposition_rows("2023-12").empty
    True
    """
    pieces = []
    for country in COUNTRIES:
        survey = (integration_survey or {}).get(country.iso3)
        if survey is None or not len(survey):
            continue
        rows = employment_gap(survey).to_results(country.iso3, period)
        pieces.append(rows[rows["indicator"].isin(INDICATORS)])
    if not pieces:
        return pd.DataFrame({column: [] for column in RESULT_COLUMNS})
    return pd.concat(pieces, ignore_index=True)
