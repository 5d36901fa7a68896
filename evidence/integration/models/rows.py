"""Long results rows of model estimates, in the order of the results contract.

Every model result (coefficients, odds ratios, marginal effects, decomposition parts,
treatment effects) becomes rows with the contract's columns followed by ``unit``,
``numerator`` (always ``<NA>`` here: model estimates have no numerator count) and ``df``
(the degrees of freedom of the interval; the publication path flags low df from it). Term
names become level codes (``C(education)[T.primary]`` -> ``education_primary``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence.disclosure.columns import CONTRACT_COLUMNS
from evidence.indicators.keys import join_key

# The results contract's columns, then the degrees of freedom of each interval (disclosure
# flags low df itself).
RESULT_COLUMNS: tuple[str, ...] = (*CONTRACT_COLUMNS, "df")


def code(text: str) -> str:
    """A lower-case code ``^[a-z][a-z0-9_]*$`` from a term or label."""
    text = re.sub(r"^C\(([^,)]+)[^)]*\)", r"\1", text)
    text = re.sub(r"\[T\.([^\]]+)\]", r"_\1", text)
    text = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()
    return text if re.match(r"^[a-z]", text) else f"x_{text}"


def result_rows(
    *,
    indicator: str,
    country: str,
    period: str,
    disaggregation: str,
    levels: Sequence[str],
    estimate: np.ndarray,
    se: np.ndarray,
    ci_low: np.ndarray,
    ci_high: np.ndarray,
    n: int,
    n_weighted: float,
    unit: str,
    df: float,
    ci_method: str = "wald",
    flags: str = "",
) -> pd.DataFrame:
    """Rows for one indicator: one per level."""
    k = len(levels)
    frame = pd.DataFrame(
        {
            "indicator": indicator,
            "country": country,
            "period": period,
            "disaggregation": disaggregation,
            "level": list(levels),
            "estimate": np.asarray(estimate, dtype=float),
            "se": np.asarray(se, dtype=float),
            "ci_low": np.asarray(ci_low, dtype=float),
            "ci_high": np.asarray(ci_high, dtype=float),
            "ci_method": ci_method,
            "n": np.full(k, n, dtype=np.int64),
            "n_weighted": np.full(k, float(n_weighted)),
            "deff": np.full(k, np.nan),
            "flags": flags,
            "analysis_key": [join_key(indicator, disaggregation, lv) for lv in levels],
            "unit": unit,
            "numerator": pd.array([pd.NA] * k, dtype="Int64"),
            "df": np.full(k, float(df)),
        }
    )
    return frame.loc[:, list(RESULT_COLUMNS)]


def sample_rows(
    *,
    indicator: str,
    country: str,
    period: str,
    disaggregation: str,
    levels: Sequence[str],
    counts: Sequence[int],
    n_weighted: Sequence[float],
) -> pd.DataFrame:
    """Rows of the observations a model used in each group (unit ``count``: the estimate
    is the group's unweighted n, and so is its ``n``, so a small group is withheld like any
    count): the sample sizes a table of a model between groups shows."""
    pieces = [
        result_rows(
            indicator=indicator,
            country=country,
            period=period,
            disaggregation=disaggregation,
            levels=[level],
            estimate=np.array([float(count)]),
            se=np.array([np.nan]),
            ci_low=np.array([np.nan]),
            ci_high=np.array([np.nan]),
            n=int(count),
            n_weighted=float(weighted),
            unit="count",
            df=np.nan,
            ci_method="none",
        )
        for level, count, weighted in zip(levels, counts, n_weighted, strict=True)
    ]
    frame = pd.concat(pieces, ignore_index=True)
    frame["numerator"] = pd.array([int(c) for c in counts], dtype="Int64")
    return frame
