"""From the survey engine's estimates to the results contract's long table.

``evidence.survey`` returns one row per variable × level × domain with its own labels
(``domain = "sex=female"``, flags separated by ``;``). The studies publish the results
contract (data_contracts/results.yaml): an indicator code naming the statistic and the
variable (``prop_needs_food``, ``mean_monthly_income``), the disaggregation and level joined
with `` x ``, ``total`` for the whole sample, space-separated flags from the contract's
codelist and an analysis key. ``df`` and ``n_effective`` ride along: disclosure control
reads them (NCHS standard).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.disclosure.columns import RESULTS_COLUMNS
from evidence.indicators.codes import STATISTIC_UNITS, contract_ci_method, contract_flags
from evidence.indicators.keys import CROSS, TOTAL, indicator_code, join_key
from evidence.indicators.publish import EXTRA_COLUMNS
from evidence.survey import SurveyEstimates

# The results contract's columns, then the ones the engine and the display layer add.
TABLE_COLUMNS: tuple[str, ...] = (*RESULTS_COLUMNS, *EXTRA_COLUMNS)  # before disclosure


# Indicator-code prefix → the statistic it names.
STATISTICS = {"prop": "proportion", "mean": "mean", "median": "quantile", "ratio": "ratio"}


# The survey engine's statistic → the indicator-code prefix of its rows.
PREFIXES = {
    "proportion": "prop",
    "mean": "mean",
    "total": "total",
    "ratio": "ratio",
    "quantile": "quantile",
}


def survey_results(estimates: SurveyEstimates, country: str, period: str) -> pd.DataFrame:
    """The results rows of direct survey estimates, for the one publication path.

    ``evidence.survey`` sits below the indicators (its estimates know no indicator codes), so
    this is where a ``SurveyEstimates`` becomes results rows: indicator codes prefixed by the
    estimator's statistic (``prop`` for ``estimate_proportion``, ``mean``, ``total``,
    ``ratio``, ``quantile``) and the variable, disaggregation and level as the contract
    writes them. A study calls it through ``Study.results(estimates)``, which then applies
    disclosure control; ``evidence.indicators.publish.publish`` does the same elsewhere.

    Parameters
    ----------
    estimates : SurveyEstimates
        What ``estimate_mean``, ``estimate_total``, ``estimate_proportion``,
        ``estimate_ratio`` or ``estimate_quantile`` returned.
    country : str
        ISO3 code of the rows.
    period : str
        Reporting period ``YYYY-MM`` of the rows.

    Returns
    -------
    pandas.DataFrame
        Results rows (the contract's columns, then ``unit``, ``numerator``, ``df``, ...),
        not yet published.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.indicators import survey_results
    >>> from evidence.survey import SurveyDesign, estimate_mean
    >>> frame = pd.DataFrame({"psu": [1, 2, 3, 4], "weight": [10.0, 12, 8, 9],
    ...                       "income": [300.0, 420, 250, 330], "sex": list("fmfm")})
    >>> design = SurveyDesign(frame, weights="weight", psu="psu")
    >>> rows = survey_results(estimate_mean("income", design, by="sex"), "COL", "2023-12")
    >>> rows[["indicator", "disaggregation", "level", "unit"]].values.tolist()[:2]
    [['mean_income', 'total', 'total', 'mean'], ['mean_income', 'sex', 'f', 'mean']]
    """
    return to_results(
        estimates, statistic=PREFIXES[estimates.statistic], country=country, period=period
    )


def to_results(
    estimates: SurveyEstimates,
    *,
    statistic: str,
    country: str,
    period: str,
) -> pd.DataFrame:
    """The long results table of ``estimates``; ``statistic`` prefixes the indicator codes
    (``prop``, ``mean``, ``median``, ``ratio``). ``numerator`` (the unweighted number who gave
    the answer) is filled in indicative mode, where it is estimate × n."""
    table = estimates.to_frame()
    overall = table["domain"].astype(str) == "all"
    parts = [d if isinstance(d, str) and d else TOTAL for d in table["disaggregation"]]
    disaggregation = [
        TOTAL if o else CROSS.join(v.strip() for v in p.split("×"))
        for o, p in zip(overall, parts, strict=True)
    ]
    levels = pd.Series(TOTAL, index=table.index, dtype=object)
    for name in dict.fromkeys(d for d in disaggregation if d != TOTAL):
        rows = np.array([d == name for d in disaggregation])
        values = [table.loc[rows, v].astype(str) for v in name.split(CROSS)]
        joined = values[0]
        for more in values[1:]:
            joined = joined + CROSS + more
        levels[rows] = joined.to_numpy()
    variable = table["variable"].astype(str)
    category = table["level"].map(lambda v: None if v is None or pd.isna(v) else str(v))
    indicator = [
        # a boolean's category is missing: map() may turn None into NaN beside strings
        indicator_code(statistic, v) if c is None or pd.isna(c) else indicator_code(statistic, v, c)
        for v, c in zip(variable, category, strict=True)
    ]
    indicative = table["flags"].astype(str).str.contains("indicative", regex=False)
    count = np.where(indicative, np.round(table["estimate"] * table["n"]), np.nan)
    out = pd.DataFrame(
        {
            "indicator": indicator,
            "country": country,
            "period": period,
            "disaggregation": disaggregation,
            "level": levels.to_numpy(),
            "estimate": table["estimate"].astype(float),
            "se": table["se"].astype(float),
            "ci_low": table["ci_low"].astype(float),
            "ci_high": table["ci_high"].astype(float),
            "ci_method": [contract_ci_method(m) for m in table["ci_method"]],
            "n": table["n"].astype("int64"),
            "n_weighted": table["n_weighted"].astype(float),
            "deff": table["deff"].astype(float),
            "flags": [contract_flags(f) for f in table["flags"]],
            "df": table["df"].astype(float),
            "n_effective": table["n_effective"].astype(float),
            "cv": table["cv"].astype(float) if "cv" in table else np.nan,
            "unit": STATISTIC_UNITS.get(STATISTICS.get(statistic.split("_")[0], statistic), "mean"),
            "numerator": pd.array(count, dtype="Float64").astype("Int64"),
            "variable": variable,
            "category": category,
        }
    )
    out["analysis_key"] = [
        join_key(i, d, lv)
        for i, d, lv in zip(out["indicator"], out["disaggregation"], out["level"], strict=True)
    ]
    return out[list(TABLE_COLUMNS)]
