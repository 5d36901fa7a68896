"""NCHS Data Presentation Standards for Proportions, row by row over a results table.

Source: Parker JD, Talih M, Malec DJ, et al. National Center for Health Statistics Data
Presentation Standards for Proportions. Vital Health Stat 2(175), 2017 (revised 2018, 2021).
The steps below follow the standard's decision sequence as NCHS implements it in its own R
package (CDCgov/surveytable, ``.lpe_percents``), which fixes the boundaries the report states
in words:

1. effective sample size n_eff < 30                       -> suppress
2. Korn-Graubard CI width <= 0.05                         -> present
3. width >= 0.30                                          -> suppress
4. 0.05 < width < 0.30 and width / p > 1.30               -> suppress
5. otherwise present; if also width / (1 - p) > 1.30, the complement 1 - p would fail step 4:
   present with the ``complement`` flag (NCHS footnotes such estimates)
Degrees of freedom < 8 flag a presented estimate for statistical review (no suppression), and
so do estimates of exactly 0 or 1: their design effect is undefined, so n_eff is the sample
size and the width steps do not apply (width taken as 0, as NCHS does); a statistician decides.

n_eff = p(1-p)/se^2 truncated at n (see korn_graubard.py). Where the table has no usable se,
n_eff falls back to its ``n_effective`` column, then to n / max(deff, 1) (a design effect below 1
never raises n_eff above n). A row whose n_eff or interval cannot be established is suppressed
as ``nchs_not_assessable``: publishing it would skip the standard, not pass it.

The interval judged is ``publication_interval``: the NCHS Korn-Graubard interval recomputed
from the row's estimate, se, n and df by korn_graubard.py (df-adjusted n_eff truncated at n),
whatever interval the row carries. ``apply_disclosure`` publishes that same interval on every
``korn_graubard`` row, so the interval a reader sees is the one the rules judged. Only a row
that cannot be recomputed (no se, an interval made elsewhere) is judged by its own
``korn_graubard`` interval, which is then also the one published.

Widths and n_eff are rounded to 10 decimals before comparison so that an interval such as
[0.05, 0.35] counts as 0.30 wide, as a reader would compute it, not 0.29999999999999993.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.disclosure.columns import (
    REASON_CI_WIDTH,
    REASON_EFFECTIVE_N,
    REASON_NOT_ASSESSABLE,
    REASON_RELATIVE_WIDTH,
)
from evidence.disclosure.korn_graubard import korn_graubard_interval, nchs_effective_sample_size
from evidence.disclosure.options import DisclosureOptions

# ``ci_method`` values that name a Korn-Graubard interval (the survey engine writes the first).
KORN_GRAUBARD_METHODS = frozenset({"korn_graubard", "beta", "kg"})
_DECIMALS = 10


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def effective_sample_size(frame: pd.DataFrame) -> np.ndarray:
    """n_eff per row: NCHS definition, else the table's n_effective, else n / max(deff, 1)."""
    n = _column(frame, "n")
    n_eff = nchs_effective_sample_size(_column(frame, "estimate"), _column(frame, "se"), n)
    from_column = np.minimum(_column(frame, "n_effective"), n)
    n_eff = np.where(np.isnan(n_eff), from_column, n_eff)
    with np.errstate(divide="ignore", invalid="ignore"):
        from_deff = n / np.maximum(_column(frame, "deff"), 1.0)
    return np.where(np.isnan(n_eff), from_deff, n_eff)


def publication_interval(frame: pd.DataFrame, level: float) -> tuple[np.ndarray, np.ndarray]:
    """The Korn-Graubard interval of every row as NCHS defines it: the one published and judged.

    Recomputed from estimate, se, n and df where they allow it (p of 0 or 1 needs no se);
    otherwise the row's own interval if its ``ci_method`` names Korn-Graubard; else missing.
    """
    p = _column(frame, "estimate")
    se = _column(frame, "se")
    n = _column(frame, "n")
    low, high = korn_graubard_interval(p, se, n, _column(frame, "df"), level=level)
    recomputable = ~np.isnan(p) & ~np.isnan(n) & (~np.isnan(se) | (p == 0) | (p == 1))
    method = frame["ci_method"].astype("string").str.lower().fillna("")
    own = method.isin(KORN_GRAUBARD_METHODS).to_numpy(dtype=bool) & ~recomputable
    low = np.where(own, _column(frame, "ci_low"), low)
    high = np.where(own, _column(frame, "ci_high"), high)
    return low, high


def assess_proportions(
    frame: pd.DataFrame,
    options: DisclosureOptions,
    interval: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """The NCHS verdict for every row, as if each were a design-based proportion.

    ``interval`` is ``publication_interval(frame, options.confidence_level)``, computed here
    when not given. Returns columns ``reason`` (empty string when the estimate may be
    presented), ``complement`` and ``estimate_0_or_1`` (review flags, only on presented rows),
    indexed like ``frame``. The caller decides which rows the standard applies to.
    """
    low, high = (
        publication_interval(frame, options.confidence_level) if interval is None else interval
    )
    p = _column(frame, "estimate")
    n_eff = np.round(effective_sample_size(frame), _DECIMALS)
    degenerate = (p == 0) | (p == 1)
    width = np.where(degenerate, 0.0, high - low)
    width = np.round(width, _DECIMALS)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        relative = np.round(width / p, _DECIMALS)
        relative_complement = np.round(width / (1.0 - p), _DECIMALS)

    unknown = np.isnan(p) | np.isnan(n_eff) | np.isnan(width)
    small_n = ~unknown & (n_eff < options.min_effective_n)
    narrow = ~unknown & ~small_n & (width <= options.small_ci_width)
    wide = ~unknown & ~small_n & ~narrow & (width >= options.max_ci_width)
    middle = ~unknown & ~small_n & ~narrow & ~wide
    relatively_wide = middle & (relative > options.max_relative_ci_width)

    reason = np.select(
        [unknown, small_n, wide, relatively_wide],
        [REASON_NOT_ASSESSABLE, REASON_EFFECTIVE_N, REASON_CI_WIDTH, REASON_RELATIVE_WIDTH],
        default="",
    )
    presented = reason == ""
    complement = middle & presented & (relative_complement > options.max_relative_ci_width)
    return pd.DataFrame(
        {
            "reason": reason,
            "complement": complement,
            "estimate_0_or_1": presented & degenerate,
        },
        index=frame.index,
    )
