"""Reporting periods: a calendar month written YYYY-MM."""

from __future__ import annotations

import re

import pandas as pd

from evidence.errors import OptionError

_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")  # fullmatch: "2023-12\n" is refused


def check_period(period: str) -> str:
    """Return the period unchanged if it is YYYY-MM, else raise an OptionError."""
    if not isinstance(period, str) or not _PERIOD.fullmatch(period):
        raise OptionError(f"period must be YYYY-MM (e.g. 2023-12), got {period!r}")
    return period


def period_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the period's month."""
    start = pd.Timestamp(check_period(period) + "-01")
    return start, start + pd.offsets.MonthEnd(0)
