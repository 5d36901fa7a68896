"""The regional comparison of the school-dropout models: a few published rows per country.

``dropout_results`` runs ``evidence.dropout.analysis.dropout_country_rows`` for every
response country that has the three school datasets (schools, caregivers, students) and
publishes each country's rows (disclosure last): labelled students and dropouts for every
country, and, where there are enough dropouts to fit, the cross-validated AUC, the
calibration slope, the recall in the top 10 % of risk and the migrant average marginal
effect of the interpretable model. A country with too few dropouts has only its two counts,
so the regional table shows "–" for its models and names it in a note.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from evidence.countries import COUNTRIES
from evidence.dropout.analysis import REGIONAL_SETTINGS, AnalysisSettings, dropout_country_rows
from evidence.dropout.results import MODEL_RESULT_COLUMNS
from evidence.indicators.publish import publish
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, publication_options


def dropout_results(
    period: str,
    *,
    schools: Mapping[str, pd.DataFrame],
    caregivers: Mapping[str, pd.DataFrame],
    students: Mapping[str, pd.DataFrame],
    settings: AnalysisSettings = REGIONAL_SETTINGS,
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """Published dropout-model rows of every country with the three datasets (``{ISO3:
    frame}`` each, as ``Study.load_all`` gives them), countries in the table's order.

    Parameters
    ----------
    period : str
        The period ``YYYY-MM``.
    schools, caregivers, students : mapping of str to pandas.DataFrame
        ``{ISO3: frame}`` of the three school datasets; a country lacking one is skipped.
    settings : AnalysisSettings
        Cross-validation and model settings (default ``REGIONAL_SETTINGS``).
    min_count : int
        The small-count rule of publication.

    Returns
    -------
    pandas.DataFrame
        Published rows (``MODEL_RESULT_COLUMNS`` plus the disclosure columns); empty when
        no country has the three datasets.

    Examples
    --------
    >>> rows = dropout_results("2023-12", schools={}, caregivers={}, students={})
    >>> rows.empty, "suppressed" in rows.columns
    (True, True)

    With data (fits the models of each country, a few seconds):

    >>> from evidence.synth import synthesize
    >>> data = {name: {"ABW": synthesize(name, "ABW", "2023-12", seed=1)}
    ...         for name in ("schools", "caregivers", "students")}  # doctest: +SKIP
    >>> rows = dropout_results("2023-12", **data)  # doctest: +SKIP
    >>> set(rows["country"])  # doctest: +SKIP
    {'ABW'}
    """
    options = publication_options(min_count)
    pieces = []
    for c in COUNTRIES:
        school, caregiver = schools.get(c.iso3), caregivers.get(c.iso3)
        student = students.get(c.iso3)
        if school is None or caregiver is None or student is None or not len(student):
            continue
        rows = dropout_country_rows(c.iso3, period, school, caregiver, student, settings)
        pieces.append(publish(rows, options))
    if not pieces:
        return publish(pd.DataFrame(columns=list(MODEL_RESULT_COLUMNS)), options)
    return pd.concat(pieces, ignore_index=True)
