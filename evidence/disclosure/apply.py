"""Apply disclosure control to a results table before it is published.

One entry point, ``apply_disclosure``: primary suppression by unweighted counts for every row
(the denominator ``n``, the ``numerator`` and its complement, count rows; see counts.py), the
NCHS standard for design-based proportions (nchs.py), review flags, and nothing else. Rows from
non-probability data (``indicative`` in ``flags``) get only the count rules: they have no
confidence interval to judge, and their caveat travels in the flag.

The Korn-Graubard interval of a published design-based proportion is replaced by the NCHS one
(korn_graubard.py: df-adjusted effective sample size truncated at n), the interval the NCHS
rules judged; the survey engine's ``beta`` interval (R's ``svyciprop``, not truncated) is for
analysis, not for publication. ``n`` and ``df`` are taken as the table gives them: the survey
engine counts both on the rows where the variable is observed, where R's ``svyciprop`` counts
every row of the design (korn_graubard.py says why); on a variable with missing values the two
intervals differ by design.

The function is idempotent and never un-suppresses: a row that arrives suppressed keeps its
reasons and gains none, and re-applying the same options returns the same table. Suppressed
rows keep ``n`` and ``n_weighted`` (the domain size) and lose every column the estimate could
be read from, the numerator included; a suppressed count row loses ``n`` and ``n_weighted``
too, since they are the count.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd

from evidence.disclosure.columns import (
    CLEARED_COLUMNS,
    COUNT_CLEARED_COLUMNS,
    REASON_FLAGS,
    REVIEW_FLAGS,
    SUPPRESSED,
    check_results_columns,
    is_count,
    is_indicative,
    is_proportion,
    join_codes,
    split_codes,
)
from evidence.disclosure.counts import count_reasons, numerators
from evidence.disclosure.nchs import KORN_GRAUBARD_METHODS, assess_proportions, publication_interval
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


def _interval(frame: pd.DataFrame, rows: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    low = np.full(len(frame), np.nan)
    high = np.full(len(frame), np.nan)
    if rows.any():
        low[rows], high[rows] = publication_interval(frame.loc[rows], level)
    return low, high


def _flags(
    frame: pd.DataFrame,
    reasons: list[list[str]],
    suppressed: np.ndarray,
    review: dict[str, np.ndarray],
) -> list[str]:
    review_codes = set(REVIEW_FLAGS.values())
    flags = []
    for position, text in enumerate(frame["flags"]):
        hidden = bool(suppressed[position])
        kept = [c for c in split_codes(text) if not (hidden and c in review_codes)]
        # Reasons this module did not write (another tool's) have no contract flag; the
        # ``suppressed`` column and ``suppression_reason`` still carry them.
        added = [REASON_FLAGS[r] for r in reasons[position] if r in REASON_FLAGS]
        added += [code for column, code in REVIEW_FLAGS.items() if review[column][position]]
        flags.append(join_codes(kept, added))
    return flags


def _clear(out: pd.DataFrame, suppressed: np.ndarray, counts: np.ndarray) -> None:
    for column in CLEARED_COLUMNS:
        if column == "numerator" and column in out.columns:
            out[column] = numerators(out).mask(suppressed)
        elif column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
            out.loc[suppressed, column] = np.nan
    hidden_counts = suppressed & counts
    if hidden_counts.any():
        for column in COUNT_CLEARED_COLUMNS:
            out[column] = pd.to_numeric(out[column], errors="coerce").mask(hidden_counts)


def apply_disclosure(
    table: pd.DataFrame | HasFrame, options: DisclosureOptions | None = None
) -> pd.DataFrame:
    """Return a copy of ``table`` with suppressed cells emptied and flag columns added.

    Adds ``suppressed`` (bool), ``suppression_reason`` (space-separated codes, empty when
    published: ``n_missing``, ``no_observations``, ``min_count``, ``min_numerator``,
    ``min_complement``, ``nchs_*``), ``flag_df_lt_8``, ``flag_estimate_0_or_1``,
    ``flag_complement`` (bool, only ever true on published rows) and appends the matching
    results-contract codes to ``flags`` (``suppressed_small_cell``,
    ``suppressed_no_observations``, ``suppressed_small_numerator``,
    ``suppressed_low_effective_n``, ``suppressed_wide_ci``, ``suppressed_not_assessable``,
    ``unreliable_low_df``, ``unreliable_estimate_0_or_1``, ``unreliable_complement``).
    Published ``korn_graubard`` proportions carry the NCHS interval (see module docstring);
    ``numerator``, when present, comes back as nullable integers.

    Parameters
    ----------
    table : pandas.DataFrame or object with ``to_frame()``
        A results table (the results contract's columns). Not modified.
    options : DisclosureOptions, optional
        Thresholds (default: NCHS standard, minimum cell 5).

    Returns
    -------
    pandas.DataFrame
        A copy with suppressed cells emptied and the flag columns added. Applying it twice
        gives the same table.

    Raises
    ------
    DisclosureError
        When a results-contract column is missing, a ``unit`` is not in the contract's
        codelist, or a numerator is not a whole count from 0 to n.

    Examples
    --------
    >>> import evidence as ev
    >>> from evidence.synth import synthesize
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> raw = ev.compute(ev.load_catalogue(), data, country="COL", period="2023-12",
    ...                  dataset="integration_survey", indicators=["prop_employed"],
    ...                  disclosure=ev.DisclosureOptions(min_count=0, proportion_standard="none"))
    >>> published = ev.apply_disclosure(raw, ev.DisclosureOptions(min_count=100))
    >>> last = published.iloc[-1]
    >>> int(last["n"]) < 100, bool(last["suppressed"]), last["suppression_reason"].split()[0]
    (True, True, 'min_count')
    >>> bool(published["estimate"].iloc[-1] != published["estimate"].iloc[-1])  # emptied
    True
    """
    options = DisclosureOptions() if options is None else options
    if not isinstance(options, DisclosureOptions):
        raise OptionError(f"options must be a DisclosureOptions, got {type(options).__name__}")
    frame = _as_frame(table)
    check_results_columns(frame)
    out = frame.copy()

    indicative = is_indicative(out).to_numpy(dtype=bool)
    already = _previous_flag(out, SUPPRESSED).to_numpy(dtype=bool)
    previous = out.get("suppression_reason", pd.Series("", index=out.index))
    reasons = [split_codes(text) for text in previous]
    judged = ~already

    by_counts = count_reasons(out, options.min_count, judged)
    design_proportion = is_proportion(out).to_numpy(dtype=bool) & ~indicative & judged
    # The one Korn-Graubard interval: judged by the NCHS rules, published on korn_graubard rows.
    low, high = _interval(out, design_proportion, options.confidence_level)
    nchs_rows = design_proportion & (options.proportion_standard == "nchs")
    nchs_reason = np.full(len(out), "", dtype=object)
    complement = np.zeros(len(out), dtype=bool)
    zero_one = np.zeros(len(out), dtype=bool)
    if nchs_rows.any():
        verdict = assess_proportions(
            out.loc[nchs_rows], options, interval=(low[nchs_rows], high[nchs_rows])
        )
        nchs_reason[nchs_rows] = verdict["reason"].to_numpy()
        complement[nchs_rows] = verdict["complement"].to_numpy()
        zero_one[nchs_rows] = verdict["estimate_0_or_1"].to_numpy()

    for position in range(len(out)):
        new = [reason for reason, rows in by_counts.items() if rows[position]]
        if nchs_reason[position]:
            new.append(str(nchs_reason[position]))
        reasons[position] = split_codes(join_codes(reasons[position], new))
    suppressed = already | np.array([bool(r) for r in reasons], dtype=bool)

    df = pd.to_numeric(out["df"], errors="coerce") if "df" in out.columns else None
    low_df = (
        np.zeros(len(out), dtype=bool)
        if df is None
        else ((df < options.min_df).fillna(False).to_numpy(dtype=bool) & ~indicative)
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
    out["flags"] = pd.array(_flags(out, reasons, suppressed, review), dtype="string")

    method = out["ci_method"].astype("string").str.lower().fillna("")
    published_kg = (
        design_proportion & ~suppressed & method.isin(KORN_GRAUBARD_METHODS).to_numpy(dtype=bool)
    )
    for column, bound in (("ci_low", low), ("ci_high", high)):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
        out.loc[published_kg, column] = bound[published_kg]
    _clear(out, suppressed, is_count(out).to_numpy(dtype=bool))
    return out
