"""Change since earlier periods as columns of a study's own headline table.

A display table says which published row each cell of a column comes from:
``frame.attrs["change_keys"]`` maps a column header to one key per table row,
``(indicator, level, country)`` (``country`` None for the study's own country), or None for
a row without one. :func:`with_change_columns` adds, right after that column (or at the end),
one column per earlier period (``prev_period``, the month before; ``prev_year``, the same
month a year earlier) holding the published change rows of those keys
(``<indicator>_change_<lag>``, ``evidence.indicators.change``), written by kind through
``evidence.display.format`` with a sign: a change of shares in percentage points, any
other in its column's kind. Nothing is computed here: a withheld change (or one not
published) shows the withheld mark "–". A period without a published change row of the
column gets no column, so a study without earlier data shows its table unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from evidence.countries import Language
from evidence.display.format import KINDS, MISSING, format_value
from evidence.errors import ContractError
from evidence.i18n import translate
from evidence.indicators.change import CHANGE_LAGS, ChangeLag, change_indicator

CHANGE_KEYS = "change_keys"
ChangeKey = tuple[str, str, str | None]

_SHARE_KINDS = frozenset({"proportion", "ratio", "points"})
_SHARE_PREFIXES = ("prop_", "ratio_", "diff_prop_", "diff_ratio_")


def set_change_keys(frame: pd.DataFrame, column: str, keys: Sequence[ChangeKey | None]) -> None:
    """Record which published row each cell of ``column`` shows (display builders call it
    on the frame they have just made)."""
    if len(keys) != len(frame):
        raise ContractError(f"{len(keys)} change keys for a table of {len(frame)} rows")
    frame.attrs.setdefault(CHANGE_KEYS, {})[column] = list(keys)


def _change_kind(kind: str | None, indicator: str) -> str:
    if kind in _SHARE_KINDS or indicator.startswith(_SHARE_PREFIXES):
        return "points"
    return kind if kind in KINDS else "index"


def signed(value: object, kind: str, language: Language) -> str:
    """A change written by ``kind`` with "+" for a rise; "–" when withheld or missing."""
    text = format_value(value, kind, language)
    rise = isinstance(value, int | float) and value == value and float(value) > 0
    return f"+{text}" if rise and any(d in text for d in "123456789") else text


def _lookup(changes: pd.DataFrame) -> dict[tuple[str, str, str], object]:
    return {
        (str(i), str(lv), str(c)): e
        for i, lv, c, e in zip(
            changes["indicator"],
            changes["level"],
            changes["country"],
            changes["estimate"],
            strict=True,
        )
    }


def with_change_columns(
    frame: pd.DataFrame,
    published: pd.DataFrame,
    language: Language,
    *,
    country: str,
    earlier: Mapping[ChangeLag, str],
    column: str | None = None,
    header_key: str = "change.column.{lag}",
    at_end: bool = False,
) -> pd.DataFrame:
    """A copy of ``frame`` with the change of ``column`` (default: the first column with
    change keys) since each period of ``earlier`` (lag → YYYY-MM) that has published change
    rows of it, after ``column`` (or at the end with ``at_end``). ``published``: the
    study's published rows; ``country``: the study's own (for keys without one);
    ``header_key``: the catalogue key of a header, ``{lag}`` replaced by the lag, with
    fields ``previous`` and ``year_earlier``. Inputs are not modified."""
    out = frame.copy()
    out.attrs = {k: (v.copy() if isinstance(v, dict | list) else v) for k, v in frame.attrs.items()}
    keyed: dict[str, list[ChangeKey | None]] = frame.attrs.get(CHANGE_KEYS) or {}
    if not keyed:
        return out
    column = column if column is not None else next(iter(keyed))
    if column not in keyed:
        raise ContractError(f"column {column!r} has no change keys; those with keys: {list(keyed)}")
    keys = keyed[column]
    units: dict[str, str] = dict(frame.attrs.get("units") or {})
    row_units = frame.attrs.get("row_units")
    codes = {change_indicator(k[0], lag) for k in keys if k for lag in CHANGE_LAGS}
    changes = published[published["indicator"].isin(codes)] if len(published) else published
    found = _lookup(changes) if len(changes) else {}
    present = {key[0] for key in found}
    position = len(out.columns) if at_end else list(out.columns).index(column) + 1
    for lag in CHANGE_LAGS:
        if lag not in earlier or not any(code.endswith(f"_change_{lag}") for code in present):
            continue
        header = translate(
            header_key.format(lag=lag),
            language,
            previous=earlier.get("prev_period", ""),
            year_earlier=earlier.get("prev_year", ""),
        )
        cells = []
        for i, key in enumerate(keys):
            if key is None:
                cells.append("")
                continue
            indicator, level, where = key
            kind = row_units[i] if row_units is not None and row_units[i] else units.get(column)
            value = found.get((change_indicator(indicator, lag), level, where or country))
            cells.append(
                MISSING if value is None else signed(value, _change_kind(kind, indicator), language)
            )
        out.insert(position, header, cells)
        position += 1
        # Cells are written already; a declared kind aligns them as numbers (text passes).
        units[header] = "index"
    out.attrs["units"] = units
    return out


def lags_with_change(published: pd.DataFrame) -> list[ChangeLag]:
    """The lags of which a study has published change rows, in ``CHANGE_LAGS`` order."""
    if published.empty:
        return []
    codes = published["indicator"].astype(str)
    return [lag for lag in CHANGE_LAGS if codes.str.endswith(f"_change_{lag}").any()]
