"""The columns disclosure control reads and writes, and how it recognises kinds of rows.

A results table follows data_contracts/results.yaml. Disclosure needs the statistical columns
of that contract; it adds ``suppressed``, ``suppression_reason`` and one boolean column per
review flag, and appends the same codes to the ``flags`` string so that a table exported
without the boolean columns still says why a cell is empty.
"""

from __future__ import annotations

import pandas as pd

from evidence.errors import DisclosureError

# The results contract's columns (data_contracts/results.yaml).
RESULTS_COLUMNS: tuple[str, ...] = (
    "indicator",
    "country",
    "period",
    "disaggregation",
    "level",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "ci_method",
    "n",
    "n_weighted",
    "deff",
    "flags",
    "analysis_key",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("df", "n_effective")

# Cleared on a suppressed row: everything from which the estimate could be read back.
# ``n`` (and ``n_weighted``, the size of the domain) stay so readers see why.
CLEARED_COLUMNS: tuple[str, ...] = (
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "deff",
    "cv",
    "n_effective",
)

# results.yaml: ``flags`` is a space-separated list of codes.
FLAG_SEPARATOR = " "
INDICATIVE = "indicative"
SUPPRESSED = "suppressed"

# Suppression reasons (``suppression_reason``), in the order they are tested, and the
# results-contract flag each one sets in ``flags``.
REASON_MIN_COUNT = "min_count"
REASON_N_MISSING = "n_missing"
REASON_EFFECTIVE_N = "nchs_effective_n_lt_30"
REASON_CI_WIDTH = "nchs_ci_width_ge_30"
REASON_RELATIVE_WIDTH = "nchs_relative_ci_width_gt_130"
REASON_NOT_ASSESSABLE = "nchs_not_assessable"
REASON_FLAGS: dict[str, str] = {
    REASON_MIN_COUNT: "suppressed_small_cell",
    REASON_N_MISSING: "suppressed_small_cell",
    REASON_EFFECTIVE_N: "suppressed_low_effective_n",
    REASON_CI_WIDTH: "suppressed_wide_ci",
    REASON_RELATIVE_WIDTH: "suppressed_wide_ci",
    REASON_NOT_ASSESSABLE: "suppressed_not_assessable",
}

# Review flags: boolean column -> results-contract flag (estimate shown with a warning).
REVIEW_FLAGS: dict[str, str] = {
    "flag_df_lt_8": "unreliable_low_df",
    "flag_estimate_0_or_1": "unreliable_estimate_0_or_1",
    "flag_complement": "unreliable_complement",
}
FLAG_COLUMNS: tuple[str, ...] = (SUPPRESSED, "suppression_reason", *REVIEW_FLAGS)


def check_results_columns(frame: pd.DataFrame) -> None:
    """Raise DisclosureError naming every contract column the table lacks."""
    missing = [column for column in RESULTS_COLUMNS if column not in frame.columns]
    if missing:
        raise DisclosureError(
            f"results table is missing column(s) {missing} required by "
            "data_contracts/results.yaml (rule: results contract); build the table with "
            "evidence.indicators.compute or add the columns before disclosure control"
        )


def split_codes(text: object) -> list[str]:
    """The codes of a ``flags`` or ``suppression_reason`` cell, in order, without blanks."""
    if not isinstance(text, str):
        return []
    return [code.strip() for code in text.split(FLAG_SEPARATOR) if code.strip()]


def join_codes(*groups: list[str]) -> str:
    """Join codes with the flags separator, once each, in first-seen order.

    Keeping order and dropping repeats is what makes re-applying disclosure a no-op.
    """
    seen: dict[str, None] = {}
    for group in groups:
        for code in group:
            seen.setdefault(code, None)
    return FLAG_SEPARATOR.join(seen)


def is_indicative(frame: pd.DataFrame) -> pd.Series:
    """Rows from non-probability data: their ``flags`` carry the ``indicative`` code."""
    return frame["flags"].map(lambda text: INDICATIVE in split_codes(text)).astype(bool)


def is_proportion(frame: pd.DataFrame) -> pd.Series:
    """Rows whose estimate is a proportion: results.yaml's indicator codes name the statistic
    first (``prop_needs_food``), so proportions are the codes starting ``prop_``."""
    code = frame["indicator"].astype("string").fillna("")
    return code.str.startswith("prop_").astype(bool)
