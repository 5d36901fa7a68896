"""Country and period of a results table, and the columns of the results contract.

Every long table the studies publish follows data_contracts/results.yaml, so it can go through
``evidence.disclosure.apply_disclosure`` and out to HDX unchanged. The country and period come
from the caller or, as ``evidence.load`` returns them, from single-valued ``country`` and
``period`` columns of the data.
"""

from __future__ import annotations

import pandas as pd

from evidence.countries import get_country
from evidence.errors import OptionError
from evidence.periods import check_period

# Regional aggregates of the 17 countries carry this code (results.yaml).
REGION_CODE = "LAC"
KEY_SEPARATOR = " @/@ "
LEVEL_SEPARATOR = " %/% "
CROSS_SEPARATOR = " x "
TOTAL = "total"


def _single_value(frame: pd.DataFrame, column: str, argument: str) -> str:
    if column not in frame.columns:
        raise OptionError(
            f"pass {argument}= (the data have no '{column}' column to take it from; "
            "evidence.load adds one)"
        )
    values = frame[column].dropna().astype(str).unique()
    if len(values) != 1:
        raise OptionError(
            f"the data's '{column}' column holds {len(values)} values "
            f"({', '.join(sorted(values)[:5])}); pass {argument}= or select one {column} first"
        )
    return str(values[0])


def resolve_country(frame: pd.DataFrame, country: str | None) -> str:
    """The ISO3 code (or LAC) of the table, checked against the 17 response countries."""
    code = _single_value(frame, "country", "country") if country is None else country
    if code.upper() == REGION_CODE:
        return REGION_CODE
    return get_country(code).iso3


def resolve_period(frame: pd.DataFrame, period: str | None) -> str:
    """The YYYY-MM period of the table."""
    return check_period(_single_value(frame, "period", "period") if period is None else period)


def analysis_key(indicator: str, disaggregation: str, level: str) -> str:
    """IMPACT-style key of one estimate: ``<indicator> @/@ <disaggregation> %/% <level>``."""
    return f"{indicator}{KEY_SEPARATOR}{disaggregation}{LEVEL_SEPARATOR}{level}"


def indicator_code(*parts: str) -> str:
    """A results-contract indicator code (``^[a-z][a-z0-9_]*$``) from its parts."""
    text = "_".join(str(p) for p in parts if p != "")
    code = "".join(ch if ch.isalnum() else "_" for ch in text.lower())
    if not code or not code[0].isalpha():
        raise OptionError(f"cannot build an indicator code starting with a letter from {parts}")
    return code
