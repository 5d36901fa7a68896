"""Minimum-count rule for published count tables (people, devices, respondents).

Long results tables go through ``evidence.disclosure.apply_disclosure``, which suppresses an
estimate whose denominator ``n`` is under the minimum count. Plain count tables (sessions per
site, devices per day) have no denominator: there each count from 1 to ``min_count - 1`` is
withheld (set missing) and the row is marked ``suppressed``. Zeros are published, as most
statistical offices do: a zero cell discloses no one's record. The default threshold is the
one disclosure control uses (``DisclosureOptions().min_count``, 5).

Only primary suppression is applied: the studies publish margins computed from the full data,
so a reader could, at most, bound a withheld cell between 1 and ``min_count - 1``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.disclosure import DisclosureOptions
from evidence.errors import OptionError

DEFAULT_MIN_COUNT = DisclosureOptions().min_count


def check_min_count(min_count: int) -> int:
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 0:
        raise OptionError(f"min_count must be an integer >= 0, got {min_count!r}")
    return min_count


def mask_small_counts(
    frame: pd.DataFrame,
    columns: Sequence[str],
    min_count: int = DEFAULT_MIN_COUNT,
    derived: Sequence[str] = (),
) -> pd.DataFrame:
    """A copy of ``frame`` with counts under ``min_count`` (zeros excepted) set missing.

    The count columns become nullable integers; ``derived`` columns (means, shares computed
    from the counts) are cleared on the same rows, so the withheld count cannot be read back
    from them. A boolean ``suppressed`` column says which rows lost at least one cell (or-ed
    with any ``suppressed`` column already there).
    """
    check_min_count(min_count)
    out = frame.copy()
    hidden = pd.Series(False, index=out.index)
    for column in columns:
        counts = pd.to_numeric(out[column]).astype("Int64")
        small = ((counts > 0) & (counts < min_count)).fillna(False).astype(bool)
        out[column] = counts.mask(small)
        hidden |= small
    for column in derived:
        out[column] = pd.to_numeric(out[column]).astype(float).mask(hidden)
    previous = out["suppressed"].astype(bool) if "suppressed" in out.columns else False
    out["suppressed"] = hidden | previous
    return out


def publication_options(min_count: int = DEFAULT_MIN_COUNT) -> DisclosureOptions:
    """The project's publication rules with ``min_count`` (checked)."""
    return DisclosureOptions(min_count=check_min_count(min_count))
