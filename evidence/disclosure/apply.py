"""Apply disclosure control to a results table before it is published.

One entry point, ``apply_disclosure``: primary suppression of small cells for every row,
the NCHS standard for design-based proportions (see nchs.py), review flags, and nothing else.
Rows from non-probability data (``indicative`` in ``flags``) get only the minimum count: they
have no confidence interval to judge, and their caveat travels in the flag.

The function is idempotent and never un-suppresses: a row that arrives suppressed keeps its
reasons, and re-applying the same options returns the same table. Suppressed rows keep ``n``
and ``n_weighted`` (the domain size) and lose every column the estimate could be read from.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd

from evidence.disclosure.columns import (
    CLEARED_COLUMNS,
    REASON_FLAGS,
    REASON_MIN_COUNT,
    REASON_N_MISSING,
    REVIEW_FLAGS,
    SUPPRESSED,
    check_results_columns,
    is_indicative,
    is_proportion,
    join_codes,
    split_codes,
)
from evidence.disclosure.nchs import assess_proportions
from evidence.disclosure.options import DisclosureOptions
from evidence.errors import OptionError


class HasFrame(Protocol):
    def to_frame(self) -> pd.DataFrame: ...


def _as_frame(table: pd.DataFrame | HasFrame) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame):
        return table
    if hasattr(table, "to_frame"):
        return table.to_frame()
    raise OptionError(
        f"table must be a DataFrame or a result with .to_frame(), got {type(table).__name__}"
    )


def _previous_flag(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column].astype("boolean").fillna(False).astype(bool)


def apply_disclosure(
    table: pd.DataFrame | HasFrame, options: DisclosureOptions | None = None
) -> pd.DataFrame:
    """Return a copy of ``table`` with suppressed cells emptied and flag columns added.

    Adds ``suppressed`` (bool), ``suppression_reason`` (space-separated codes, empty when
    published), ``flag_df_lt_8``, ``flag_estimate_0_or_1``, ``flag_complement`` (bool, only
    ever true on published rows) and appends the matching results-contract codes to
    ``flags`` (``suppressed_small_cell``, ``suppressed_low_effective_n``,
    ``suppressed_wide_ci``, ``suppressed_not_assessable``, ``unreliable_low_df``,
    ``unreliable_estimate_0_or_1``, ``unreliable_complement``).
    Raises DisclosureError when a results-contract column is missing.
    """
    options = DisclosureOptions() if options is None else options
    if not isinstance(options, DisclosureOptions):
        raise OptionError(f"options must be a DisclosureOptions, got {type(options).__name__}")
    frame = _as_frame(table)
    check_results_columns(frame)
    out = frame.copy()

    n = pd.to_numeric(out["n"], errors="coerce")
    indicative = is_indicative(out)
    already = _previous_flag(out, SUPPRESSED)
    reasons = [
        split_codes(text)
        for text in (out.get("suppression_reason", pd.Series("", index=out.index)))
    ]

    n_missing = n.isna().to_numpy()
    too_small = (n < options.min_count).fillna(False).to_numpy(dtype=bool)

    nchs_rows = (
        is_proportion(out) & ~indicative & ~already
        if options.proportion_standard == "nchs"
        else pd.Series(False, index=out.index)
    ).to_numpy(dtype=bool)
    nchs_reason = np.full(len(out), "", dtype=object)
    complement = np.zeros(len(out), dtype=bool)
    zero_one = np.zeros(len(out), dtype=bool)
    if nchs_rows.any():
        verdict = assess_proportions(out.loc[nchs_rows], options)
        nchs_reason[nchs_rows] = verdict["reason"].to_numpy()
        complement[nchs_rows] = verdict["complement"].to_numpy()
        zero_one[nchs_rows] = verdict["estimate_0_or_1"].to_numpy()

    for position in range(len(out)):
        new: list[str] = []
        if n_missing[position]:
            new.append(REASON_N_MISSING)
        elif too_small[position]:
            new.append(REASON_MIN_COUNT)
        if nchs_reason[position]:
            new.append(str(nchs_reason[position]))
        reasons[position] = split_codes(join_codes(reasons[position], new))
    suppressed = already.to_numpy() | np.array([bool(r) for r in reasons], dtype=bool)

    df = pd.to_numeric(out["df"], errors="coerce") if "df" in out.columns else None
    low_df = (
        np.zeros(len(out), dtype=bool)
        if df is None
        else ((df < options.min_df).fillna(False).to_numpy(dtype=bool) & ~indicative.to_numpy())
    )
    review = {
        "flag_df_lt_8": low_df,
        "flag_estimate_0_or_1": zero_one,
        "flag_complement": complement,
    }
    out[SUPPRESSED] = suppressed
    out["suppression_reason"] = pd.array([join_codes(r) for r in reasons], dtype="string")
    for column, new_flag in review.items():
        review[column] = (_previous_flag(out, column).to_numpy() | new_flag) & ~suppressed
        out[column] = review[column]
    review_codes = set(REVIEW_FLAGS.values())
    flags = []
    for position, text in enumerate(out["flags"]):
        hidden = bool(suppressed[position])
        kept = [c for c in split_codes(text) if not (hidden and c in review_codes)]
        # Reasons this module did not write (another tool's) have no contract flag; the
        # ``suppressed`` column and ``suppression_reason`` still carry them.
        added = [REASON_FLAGS[r] for r in reasons[position] if r in REASON_FLAGS]
        added += [code for column, code in REVIEW_FLAGS.items() if review[column][position]]
        flags.append(join_codes(kept, added))
    out["flags"] = pd.array(flags, dtype="string")

    for column in CLEARED_COLUMNS:
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
            out.loc[suppressed, column] = np.nan
    return out
