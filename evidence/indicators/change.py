"""Change over time: published results of this period against an earlier period's.

Two published results tables (``evidence.indicators.publish``) are matched by country and
``analysis_key`` (a regional table holds every country's rows); each key in both becomes a
results row ``<indicator>_change_<lag>`` (``lag``: ``prev_period``, the month before, or
``prev_year``, the same month a year earlier) with

- estimate: this period's estimate minus the earlier one (unit ``difference``; the display
  layer writes a change of shares in percentage points);
- se: sqrt(se₁² + se₂²), the standard error of a difference of independent samples (the
  two periods are separate samples); NaN when either side has none (indicative data);
- a Wald interval, estimate ± z·se (``ci_method`` ``wald``), else no interval (``none``);
- n: the observations of both periods; flags: the codes of both sides (a side's
  ``suppressed_*`` codes excepted: see below).

A change must never reveal a withheld number: when either side is withheld (disclosure
control left it empty), the change row is withheld too (``suppressed`` true, reason
``component_suppressed``, as for the gaps of ``evidence.integration``), whichever side was
the withheld one; :func:`evidence.indicators.publish.publish` keeps it withheld.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import norm

from evidence.disclosure.columns import CONTRACT_COLUMNS, SUPPRESSED
from evidence.indicators.keys import join_key
from evidence.options import check_level, check_option
from evidence.periods import check_period

ChangeLag = Literal["prev_period", "prev_year"]
CHANGE_LAGS: tuple[ChangeLag, ...] = ("prev_period", "prev_year")
_MONTHS_BACK: dict[str, int] = {"prev_period": 1, "prev_year": 12}
# Flags of a side that say it was withheld: not carried to the change (publication judges it).
_WITHHELD_PREFIX = "suppressed"


def earlier_period(period: str, lag: ChangeLag) -> str:
    """The period ``lag`` before ``period`` (YYYY-MM): the month before, or a year earlier."""
    check_option("lag", lag, CHANGE_LAGS)
    return str(pd.Period(check_period(period), freq="M") - _MONTHS_BACK[lag])


def change_indicator(indicator: str, lag: ChangeLag) -> str:
    """The indicator code of the change of ``indicator`` since ``lag``."""
    check_option("lag", lag, CHANGE_LAGS)
    return f"{indicator}_change_{lag}"


def _withheld(rows: pd.DataFrame) -> pd.Series:
    hidden = rows["estimate"].isna()
    if SUPPRESSED in rows.columns:
        hidden |= rows[SUPPRESSED].astype("boolean").fillna(False).astype(bool)
    return hidden


def _flags(first: object, second: object) -> str:
    codes = f"{first if isinstance(first, str) else ''} {second if isinstance(second, str) else ''}"
    kept = [c for c in codes.split() if not c.startswith(_WITHHELD_PREFIX)]
    return " ".join(dict.fromkeys(kept))


def change_rows(
    current: pd.DataFrame,
    earlier: pd.DataFrame,
    lag: ChangeLag,
    *,
    indicators: Sequence[str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Results rows of the change of each analysis key published in both tables (see the
    module docstring); ``indicators`` limits them to those codes. Inputs are not modified."""
    check_option("lag", lag, CHANGE_LAGS)
    check_level(level)
    now = current if indicators is None else current[current["indicator"].isin(indicators)]
    # Matched within a country: a regional table holds every country's rows.
    both = now.merge(
        earlier, on=["country", "analysis_key"], how="inner", suffixes=("", "_earlier")
    )
    if both.empty:
        return pd.DataFrame(columns=[*CONTRACT_COLUMNS, SUPPRESSED, "suppression_reason"])
    hidden = (
        _withheld(both).to_numpy()
        | both["estimate_earlier"].isna().to_numpy()
        | (
            both[f"{SUPPRESSED}_earlier"].astype("boolean").fillna(False).to_numpy(dtype=bool)
            if f"{SUPPRESSED}_earlier" in both.columns
            else np.zeros(len(both), dtype=bool)
        )
    )
    estimate = both["estimate"].astype(float) - both["estimate_earlier"].astype(float)
    se = (both["se"].astype(float) ** 2 + both["se_earlier"].astype(float) ** 2) ** 0.5
    z = float(norm.ppf(0.5 + level / 2))
    estimate = estimate.mask(hidden)
    se = se.mask(hidden)
    has_interval = se.notna() & np.isfinite(se)
    indicator = both["indicator"].astype(str) + f"_change_{lag}"
    n = pd.to_numeric(both["n"], errors="coerce") + pd.to_numeric(
        both["n_earlier"], errors="coerce"
    )
    out = pd.DataFrame(
        {
            "indicator": indicator,
            "country": both["country"],
            "period": both["period"],
            "disaggregation": both["disaggregation"],
            "level": both["level"],
            "estimate": estimate,
            "se": se,
            "ci_low": (estimate - z * se).where(has_interval),
            "ci_high": (estimate + z * se).where(has_interval),
            "ci_method": np.where(has_interval, "wald", "none"),
            "n": n,
            "n_weighted": np.nan,
            "deff": np.nan,
            "flags": [
                _flags(a, b) for a, b in zip(both["flags"], both["flags_earlier"], strict=True)
            ],
            "analysis_key": [
                join_key(i, str(d), str(v))
                for i, d, v in zip(indicator, both["disaggregation"], both["level"], strict=True)
            ],
            "unit": "difference",
            "numerator": pd.array([pd.NA] * len(both), dtype="Int64"),
            SUPPRESSED: hidden,
            "suppression_reason": np.where(hidden, "component_suppressed", ""),
        }
    )
    return out[[*CONTRACT_COLUMNS, SUPPRESSED, "suppression_reason"]].reset_index(drop=True)
