"""Primary suppression by unweighted counts: the denominator, the numerator, its complement.

Every row of a results table is judged by the counts behind it, whatever its kind:

- ``n`` missing                                   -> ``n_missing``
- ``n`` = 0: a domain with no observations        -> ``no_observations`` (nothing to publish)
- 0 < ``n`` < min_count                           -> ``min_count``
- 0 < ``numerator`` < min_count                   -> ``min_numerator``
- proportions: 0 < ``n - numerator`` < min_count  -> ``min_complement``

The numerator rules protect a few respondents who share an attribute (2 of 100 met
extortion) and, for proportions, the few who do not (98 of 100): with ``n`` published, a
small complement is as easy to read back as a small numerator, so statistical offices protect
both (NCHS applies its count rule to a cell and to its complement, CDCgov/surveytable
``.lpe_n``). A numerator of 0 or n is published: a zero cell discloses no one's record, and
NCHS flags proportions of 0 or 1 for review rather than withholding them (nchs.py). Rows
without a numerator (means, totals, or a table without the column) get the ``n`` rules only.

Count rows (``unit`` = ``count``) publish the count itself: ``estimate`` = ``n`` =
``numerator`` = the number of people, devices or sessions. A count from 1 to min_count - 1 is
withheld (``min_count``) and a zero is published, as evidence.descriptive.small_cells did for
plain count tables; ``no_observations`` does not apply to them, a zero count is a result.
Where a count row's ``n`` is another base than the count (days counted at a site, ``n`` the
people observed there; evidence.indicators ``count_rows(n=...)``), both are judged: a small
base withholds (``min_count``), and so does a small count in ``numerator`` (``min_numerator``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from evidence.disclosure.columns import (
    REASON_MIN_COMPLEMENT,
    REASON_MIN_COUNT,
    REASON_MIN_NUMERATOR,
    REASON_N_MISSING,
    REASON_NO_OBSERVATIONS,
    is_count,
    is_proportion,
)
from evidence.errors import DisclosureError

BoolArray = npt.NDArray[np.bool_]


def _keys(frame: pd.DataFrame, rows: pd.Series) -> list[str]:
    keys = frame.loc[rows, "analysis_key"].astype(str).tolist()
    return keys[:5] + (["..."] if len(keys) > 5 else [])


def numerators(frame: pd.DataFrame) -> pd.Series:
    """The ``numerator`` column as nullable integers (all missing when the table has none).

    Raises DisclosureError naming the rows whose numerator is not a whole count from 0 to n
    (a count row's numerator may exceed its base n: days counted among few people).
    """
    if "numerator" not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="Int64")
    raw = pd.to_numeric(frame["numerator"], errors="coerce").astype("Float64")
    unreadable = raw.isna() & frame["numerator"].notna()
    n = pd.to_numeric(frame["n"], errors="coerce").astype("Float64")
    above_n = (raw > n) & ~is_count(frame).to_numpy(dtype=bool)
    invalid = (raw < 0) | (raw != raw.round()) | above_n
    bad = (unreadable | invalid.fillna(False)).astype(bool)
    if bad.any():
        raise DisclosureError(
            f"numerator must be a whole unweighted count from 0 to n (results.yaml); rows "
            f"{_keys(frame, bad)} break this: write the count of observations in the numerator"
        )
    return raw.astype("Int64")


def count_reasons(frame: pd.DataFrame, min_count: int, judged: BoolArray) -> dict[str, BoolArray]:
    """Reason code -> rows it withholds, for the rows in ``judged`` (in the order tested).

    ``n_missing``, ``no_observations`` and ``min_count`` exclude one another; the numerator
    rules add to them. Rows outside ``judged`` (already suppressed, whose cleared counts can no
    longer be read) get none.
    """
    counts = is_count(frame).to_numpy(dtype=bool)
    n = pd.to_numeric(frame["n"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    numerator = numerators(frame).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    proportion = is_proportion(frame).to_numpy(dtype=bool)

    def small(count: npt.NDArray[np.floating]) -> BoolArray:
        with np.errstate(invalid="ignore"):
            return np.asarray((count > 0) & (count < min_count), dtype=bool)

    missing = np.isnan(n)
    empty = (n == 0) & ~counts
    with np.errstate(invalid="ignore"):
        too_small = np.where(counts, small(n), (n < min_count) & ~empty)
    # A count row's numerator is judged only where it is not its n (another base).
    has_numerator = ~np.isnan(numerator) & (~counts | (numerator != n))
    return {
        REASON_N_MISSING: judged & missing,
        REASON_NO_OBSERVATIONS: judged & empty,
        REASON_MIN_COUNT: judged & ~missing & np.asarray(too_small, dtype=bool),
        REASON_MIN_NUMERATOR: judged & has_numerator & small(numerator),
        REASON_MIN_COMPLEMENT: judged & has_numerator & proportion & ~counts & small(n - numerator),
    }
