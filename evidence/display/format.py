"""Numbers written by their kind, the same way in every study and language.

| kind | written as | example (es) |
|---|---|---|
| proportion, ratio | percentage, one decimal | 12,5 % |
| points | a difference of shares in percentage points, one decimal, signed | −3,2 |
| count, total | whole number | 313.784 |
| rate (per day), mean, quantile | one decimal | 1.923,5 |
| index, coefficient, odds_ratio, marginal_effect, difference | two decimals | 0,45 |

A missing number (withheld by disclosure control, or not estimated) is an en dash.
"""

from __future__ import annotations

import math
from typing import Literal

from evidence.countries import Language
from evidence.disclosure.columns import UNITS, Unit
from evidence.i18n import format_number, format_percent
from evidence.options import check_option

# Every results unit, and a difference of shares written in percentage points.
Kind = Unit | Literal["points"]
KINDS: tuple[str, ...] = (*UNITS, "points")

MISSING = "–"
PERCENT_KINDS = frozenset({"proportion", "ratio"})
WHOLE_KINDS = frozenset({"count", "total"})
ONE_DECIMAL_KINDS = frozenset({"rate", "mean", "quantile"})


def format_value(value: object, kind: str, language: Language) -> str:
    """``value`` written as a number of ``kind`` in ``language``; "–" when missing."""
    check_option("kind", kind, KINDS)
    if value is None or isinstance(value, str):
        return MISSING if not value else str(value)
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return MISSING
    if kind in PERCENT_KINDS:
        return format_percent(_unsigned_zero(number, 100, 1), language, 1)
    if kind == "points":
        return format_number(_unsigned_zero(100 * number, 1, 1), language, 1)
    if kind in WHOLE_KINDS:
        return format_number(round(number) + 0.0, language, 0)
    if kind in ONE_DECIMAL_KINDS:
        return format_number(_unsigned_zero(number, 1, 1), language, 1)
    return format_number(_unsigned_zero(number, 1, 2), language, 2)


def _unsigned_zero(number: float, scale: float, digits: int) -> float:
    """0.0 for a number that rounds to zero at the digits shown: "-0,00" reads as a sign
    the data do not have."""
    return 0.0 if round(number * scale, digits) == 0 else number


def result_strings(row: dict[str, object], language: Language) -> set[str]:
    """Every way a study may write the numbers of one published results row: its estimate
    and interval in any kind's format, and its sample sizes as whole numbers."""
    # A number may be written in any kind's format (a gap of shares in points, an index with
    # two decimals): what matters is that it is this row's number.
    kinds = set(KINDS)
    out: set[str] = set()
    for column in ("estimate", "ci_low", "ci_high"):
        value = row.get(column)
        if isinstance(value, int | float) and not math.isnan(float(value)):
            out |= {format_value(value, kind, language) for kind in kinds}
            out |= {format_value(abs(float(value)), kind, language) for kind in kinds}
    for column in ("n", "numerator", "n_weighted"):
        value = row.get(column)
        if isinstance(value, int | float) and not math.isnan(float(value)):
            out.add(format_value(value, "count", language))
    return out
