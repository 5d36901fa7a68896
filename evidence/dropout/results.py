"""Long results rows for the dropout models (data_contracts/results.yaml, plus unit/numerator).

Every published model number becomes one row: the results contract's columns in order, then
``unit`` (what kind of number the estimate is) and ``numerator`` (unweighted count of the
numerator for proportions, else missing). Disclosure control is not applied here: the study
routes these rows through the one publication path (``evidence.indicators.publish``), which
checks them against the contract and applies disclosure control last.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from evidence.countries import get_country
from evidence.disclosure.columns import CONTRACT_COLUMNS, UNITS, Unit
from evidence.indicators.keys import join_key
from evidence.options import check_option
from evidence.periods import check_period

CiMethod = Literal["wald", "logit", "bootstrap", "none"]
# The contract's columns in order, ``unit`` and ``numerator`` included.
MODEL_RESULT_COLUMNS: tuple[str, ...] = CONTRACT_COLUMNS
TOTAL = "total"


@dataclass(frozen=True)
class ResultRow:
    """One estimate before country and period are attached."""

    indicator: str
    estimate: float
    unit: Unit
    n: int
    disaggregation: str = TOTAL
    level: str = TOTAL
    se: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    ci_method: CiMethod = "none"
    numerator: int | None = None


def results_frame(rows: Iterable[ResultRow], country: str, period: str) -> pd.DataFrame:
    """The rows as a results table for ``country`` (ISO3 or LAC) and ``period`` (YYYY-MM)."""
    iso3 = country if country == "LAC" else get_country(country).iso3
    check_period(period)
    records = []
    for row in rows:
        check_option("unit", row.unit, UNITS)
        records.append(
            {
                "indicator": row.indicator,
                "country": iso3,
                "period": period,
                "disaggregation": row.disaggregation,
                "level": row.level,
                "estimate": float(row.estimate),
                "se": float(row.se),
                "ci_low": float(row.ci_low),
                "ci_high": float(row.ci_high),
                "ci_method": row.ci_method,
                "n": int(row.n),
                "n_weighted": math.nan,
                "deff": math.nan,
                "flags": "",
                "analysis_key": join_key(row.indicator, row.disaggregation, row.level),
                "unit": row.unit,
                "numerator": row.numerator,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(MODEL_RESULT_COLUMNS))
    frame["n"] = frame["n"].astype("int64")
    frame["numerator"] = frame["numerator"].astype("Int64")
    for column in ("estimate", "se", "ci_low", "ci_high", "n_weighted", "deff"):
        frame[column] = frame[column].astype(float)
    return frame
