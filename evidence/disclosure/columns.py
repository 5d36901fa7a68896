"""The columns disclosure control reads and writes, and how it recognises kinds of rows.

A results table follows data_contracts/results.yaml. Disclosure needs the statistical columns
of that contract (``RESULTS_COLUMNS``) and reads its optional ``unit`` and ``numerator`` where
present; it adds ``suppressed``, ``suppression_reason`` and one boolean column per review flag,
and appends the same codes to the ``flags`` string so that a table exported without the
boolean columns still says why a cell is empty.
"""

from __future__ import annotations

from typing import Literal, get_args

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
# Contract fields a table may leave out (results.yaml, after analysis_key). ``unit`` says what
# kind of number the estimate is; ``numerator`` is the unweighted count behind a proportion.
# Rows without them are judged as before: proportions recognised by their ``prop_`` code, no
# numerator rule.
OPTIONAL_CONTRACT_COLUMNS: tuple[str, ...] = ("unit", "numerator")
# Every field of data_contracts/results.yaml, in order.
CONTRACT_COLUMNS: tuple[str, ...] = (*RESULTS_COLUMNS, *OPTIONAL_CONTRACT_COLUMNS)
# The survey engine's statistics beside the contract's (not in results.yaml).
OPTIONAL_COLUMNS: tuple[str, ...] = ("df", "n_effective")

# results.yaml ``unit``: what an estimate measures, so the display layer writes it one way
# in every study, and which publication rules apply to it.
Unit = Literal[
    "proportion",
    "count",
    "mean",
    "total",
    "ratio",
    "rate",
    "index",
    "coefficient",
    "odds_ratio",
    "marginal_effect",
    "difference",
    "quantile",
]
UNITS: tuple[str, ...] = get_args(Unit)
PROPORTION = "proportion"
COUNT = "count"

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
    "numerator",
)
# Cleared as well on a suppressed count row, whose ``n`` (and weighted n) is the count itself.
COUNT_CLEARED_COLUMNS: tuple[str, ...] = ("n", "n_weighted")

# results.yaml: ``flags`` is a space-separated list of codes.
FLAG_SEPARATOR = " "
INDICATIVE = "indicative"
SUPPRESSED = "suppressed"

# Suppression reasons (``suppression_reason``), in the order they are tested, and the
# results-contract flag each one sets in ``flags``.
REASON_N_MISSING = "n_missing"
REASON_NO_OBSERVATIONS = "no_observations"
REASON_MIN_COUNT = "min_count"
REASON_MIN_NUMERATOR = "min_numerator"
REASON_MIN_COMPLEMENT = "min_complement"
REASON_EFFECTIVE_N = "nchs_effective_n_lt_30"
REASON_CI_WIDTH = "nchs_ci_width_ge_30"
REASON_RELATIVE_WIDTH = "nchs_relative_ci_width_gt_130"
REASON_NOT_ASSESSABLE = "nchs_not_assessable"
REASON_FLAGS: dict[str, str] = {
    REASON_N_MISSING: "suppressed_small_cell",
    REASON_NO_OBSERVATIONS: "suppressed_no_observations",
    REASON_MIN_COUNT: "suppressed_small_cell",
    REASON_MIN_NUMERATOR: "suppressed_small_numerator",
    REASON_MIN_COMPLEMENT: "suppressed_small_numerator",
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
    """Check that a results table has every column of the results contract.

    Disclosure control, the HXL export and ``complete_domains`` read the columns of
    data_contracts/results.yaml (``RESULTS_COLUMNS``); this check runs first so that a
    hand-built table fails with one message listing all that it lacks, not a KeyError later.
    The optional contract columns (``unit``, ``numerator``) are not required.

    Parameters
    ----------
    frame : pandas.DataFrame
        A results table. Not modified.

    Raises
    ------
    DisclosureError
        Naming every ``RESULTS_COLUMNS`` column missing from ``frame``.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.disclosure import RESULTS_COLUMNS, check_results_columns
    >>> check_results_columns(pd.DataFrame(columns=list(RESULTS_COLUMNS))) is None
    True
    >>> try:
    ...     check_results_columns(pd.DataFrame(columns=["indicator", "estimate"]))
    ... except Exception as error:
    ...     print(type(error).__name__, "'country'" in str(error), "'se'" in str(error))
    DisclosureError True True
    """
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


def units(frame: pd.DataFrame) -> pd.Series:
    """The ``unit`` of every row (missing where the table has no unit column or no value).

    Raises DisclosureError naming the rows whose unit is not in results.yaml's codelist.
    """
    if "unit" not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    unit = frame["unit"].astype("string").str.strip()
    unit = unit.mask(unit == "")
    unknown = unit.notna() & ~unit.isin(UNITS)
    if unknown.any():
        bad = sorted(set(unit[unknown].astype(str)))
        raise DisclosureError(
            f"unit {bad} is not in results.yaml's codelist {list(UNITS)}; "
            "set unit to one of them (or leave it empty)"
        )
    return unit


def is_proportion(frame: pd.DataFrame) -> pd.Series:
    """Rows whose estimate is a proportion: ``unit`` says so where it is given; otherwise
    results.yaml's indicator codes name the statistic first (``prop_needs_food``), so
    proportions are the codes starting ``prop_``."""
    unit = units(frame)
    code = frame["indicator"].astype("string").fillna("")
    by_code = code.str.startswith("prop_").fillna(False).astype(bool)
    by_unit = (unit == PROPORTION).fillna(False).astype(bool)
    return by_unit.where(unit.notna(), by_code).astype(bool)


def is_count(frame: pd.DataFrame) -> pd.Series:
    """Rows whose estimate is an unweighted count (``unit`` is ``count``)."""
    return (units(frame) == COUNT).fillna(False).astype(bool)
